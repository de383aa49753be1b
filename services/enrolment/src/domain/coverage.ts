import { type Group, householdsDeclined, householdsJoined } from './group';

/** How much of an area (or a group's part of it) is covered: "32 of 40 households joined, 3 declined". */
export interface Coverage {
  joined: number;
  declined: number;
  /** Households in the area or group part, when the data states it. */
  households: number | null;
  text: { sv: string; en: string };
}

export function coverageOf(joined: number, declined: number, households: number | null): Coverage {
  const sv = households === null ? `${joined} hushåll med` : `${joined} av ${households} hushåll med`;
  const noun = (n: number) => (n === 1 ? 'household' : 'households');
  const en = households === null ? `${joined} ${noun(joined)} joined` : `${joined} of ${households} ${noun(households)} joined`;
  return {
    joined,
    declined,
    households,
    text: {
      sv: declined > 0 ? `${sv}, ${declined} har tackat nej` : sv,
      en: declined > 0 ? `${en}, ${declined} declined` : en,
    },
  };
}

export function groupCoverage(group: Group): Coverage {
  return coverageOf(householdsJoined(group), householdsDeclined(group), group.householdCount);
}

/** An area's coverage: every group of it that is not closed, against the area's household count. */
export function areaCoverage(groups: readonly Group[], areaHouseholds: number | null): Coverage {
  const live = groups.filter((g) => g.status !== 'closed');
  const joined = live.reduce((sum, g) => sum + householdsJoined(g), 0);
  const declined = live.reduce((sum, g) => sum + householdsDeclined(g), 0);
  return coverageOf(joined, declined, areaHouseholds);
}
