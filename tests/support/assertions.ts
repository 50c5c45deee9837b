/** Every invalid case must state the position and the data of each report (RuleTester enforces it). */
export const ASSERTIONS = { requireLocation: true, requireData: true } as const;
