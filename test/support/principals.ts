/** The 15 municipalities of Region Västerbotten, as SPEC §1 names them (test data, not code). */
export const SPEC_MUNICIPALITIES = [
  'Bjurholms kommun',
  'Dorotea kommun',
  'Lycksele kommun',
  'Malå kommun',
  'Nordmalings kommun',
  'Norsjö kommun',
  'Robertsfors kommun',
  'Skellefteå kommun',
  'Sorsele kommun',
  'Storumans kommun',
  'Umeå kommun',
  'Vilhelmina kommun',
  'Vindelns kommun',
  'Vännäs kommun',
  'Åsele kommun',
] as const;

/** The region and its municipalities: the principals (huvudmän). */
export const SPEC_PRINCIPALS = ['Region Västerbotten', ...SPEC_MUNICIPALITIES] as const;
