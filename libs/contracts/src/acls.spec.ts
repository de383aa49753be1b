import { aclCommands, aclMarkdown, serviceAcls } from './acls';

describe('Kafka ACLs from publishers and subscriptions', () => {
  const acl = (service: string) => serviceAcls().find((a) => a.service === service);

  it('lets police-liaison write its answers, its decision, its observation events and the dead letters of what it reads, and read only its subscriptions', () => {
    expect(acl('police-liaison')).toEqual({
      service: 'police-liaison',
      write: [
        'enrolment.contact-person-nominated.v1.dlq',
        'enrolment.group-activated.v1.dlq',
        'enrolment.group-status-changed.v1.dlq',
        'enrolment.member-joined.v1.dlq',
        'enrolment.member-left.v1.dlq',
        'enrolment.protected-identity-changed.v1.dlq',
        'enrolment.resident-erased.v1.dlq',
        'onboarding.completed.v1.dlq',
        'onboarding.step-completed.v1',
        'onboarding.step-requested.v1.dlq',
        'police.approval-overdue.v1',
        'police.area-message-requested.v1',
        'police.decision-recorded.v1',
        'police.decision-recorded.v1.dlq',
        'police.observation-answered.v1',
        'police.observation-received.v1',
        'police.start-meeting-attended.v1',
        'police.start-meeting-changed.v1',
        'police.start-meeting-scheduled.v1',
        'volunteers.volunteer-erased.v1.dlq',
      ],
      read: [
        'enrolment.contact-person-nominated.v1',
        'enrolment.group-activated.v1',
        'enrolment.group-status-changed.v1',
        'enrolment.member-joined.v1',
        'enrolment.member-left.v1',
        'enrolment.protected-identity-changed.v1',
        'enrolment.resident-erased.v1',
        'onboarding.completed.v1',
        'onboarding.step-requested.v1',
        'police.decision-recorded.v1',
        'volunteers.volunteer-erased.v1',
      ],
      group: 'police-liaison',
    });
  });

  it('gives no service write access to a topic it neither publishes nor dead-letters', () => {
    expect(acl('bra-review')!.write).not.toContain('police.decision-recorded.v1');
    expect(acl('volunteers')!.write).not.toContain('onboarding.step-completed.v1');
    expect(acl('web')).toBeUndefined();
  });

  it('prints a SCRAM user and the ACLs per service, and the doc names the shared answer topic and its writers', () => {
    const commands = aclCommands().join('\n');
    expect(commands).toContain('--entity-name onboarding --add-config "SCRAM-SHA-512=[password=$PASSWORD_ONBOARDING]"');
    expect(commands).toMatch(/--allow-principal User:police-liaison --operation Write --operation Describe .*--topic police\.decision-recorded\.v1/);
    expect(commands).toContain('--allow-principal User:onboarding --operation Read --group onboarding');
    expect(aclMarkdown()).toContain('is written by `bra-review`, `enrolment`, `onboarding`, `police-liaison`');
  });
});
