/** Meeting times in the form fields: Swedish local time, whatever the browser's zone. */
import { swedishIso } from '../../core/domain/swedish-time.js';

/** ISO with offset → "YYYY-MM-DDTHH:MM" in Swedish local time (for <input type="datetime-local">). */
export function toLocalInput(iso: string): string {
  return swedishIso(iso).slice(0, 16);
}

/** "YYYY-MM-DDTHH:MM" read as Swedish local time → ISO 8601 with the right offset. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  for (const offset of ['+01:00', '+02:00']) {
    const candidate = `${value}:00${offset}`;
    if (Number.isNaN(Date.parse(candidate))) return null;
    if (swedishIso(candidate).slice(0, 16) === value) return swedishIso(candidate);
  }
  // A time skipped by the spring change: take it as winter time.
  return swedishIso(`${value}:00+01:00`);
}

export function swedishDateTime(iso: string): string {
  return swedishIso(iso).slice(0, 16).replace('T', ' ');
}
