import { HttpException } from '@nestjs/common';
import { devStaffAccess } from './dev-staff';

const knows = (id: string) => id === 'ale';
const statusOf = (fn: () => unknown) => {
  try {
    fn();
    return 200;
  } catch (error) {
    return error instanceof HttpException ? error.getStatus() : 500;
  }
};

describe('devStaffAccess (development guard, not authentication)', () => {
  it('answers 401 when the guard is off or no municipality is named, 403 for a municipality the service does not know', () => {
    expect(statusOf(() => devStaffAccess('deny', 'ale', knows))).toBe(401);
    expect(statusOf(() => devStaffAccess('allow', undefined, knows))).toBe(401);
    expect(statusOf(() => devStaffAccess('allow', '', knows))).toBe(401);
    expect(statusOf(() => devStaffAccess('allow', 'trollhattan', knows))).toBe(403);
    expect(statusOf(() => devStaffAccess('allow', 'Ale Kommun!', () => true))).toBe(403);
  });

  it('scopes to the named municipality; the staff id comes from its header (trimmed, at most 200 characters) or defaults', () => {
    expect(devStaffAccess('allow', 'ale', knows)).toEqual({ municipalityId: 'ale', staffId: 'dev:ale' });
    expect(devStaffAccess('allow', 'ale', knows, '  handläggare-7 ')).toEqual({ municipalityId: 'ale', staffId: 'handläggare-7' });
    expect(devStaffAccess('allow', 'ale', knows, '   ').staffId).toBe('dev:ale');
    expect(devStaffAccess('allow', 'ale', knows, 'x'.repeat(300)).staffId).toHaveLength(200);
  });
});
