/** System events and the short codes they travel as on the wire; other system events travel under their names. */
export const SYSTEM_EVENT_CODES = {
  sysReady: '_a',
  sysPerformAction: '_b',
  sysPerformActionBack: '_c',
} as const;

export type SystemEventName = keyof typeof SYSTEM_EVENT_CODES;

// Maps, not the object: an event named `toString` or `__proto__` must not find an inherited property.
const NAME_TO_CODE: ReadonlyMap<string, string> = new Map(Object.entries(SYSTEM_EVENT_CODES));
const CODE_TO_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(SYSTEM_EVENT_CODES).map(([name, code]) => [code, name]),
);

/** The wire name of an event: system events travel as short codes, others as they are. */
export function eventWireName(eventName: string): string {
  return NAME_TO_CODE.get(eventName) ?? eventName;
}

/** The event name of a wire name: short codes map back, others stay. */
export function eventNameOfWire(wireName: string): string {
  return CODE_TO_NAME.get(wireName) ?? wireName;
}
