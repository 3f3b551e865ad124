/**
 * The chat commands of SPEC §5 (normative): Swedish first, English too, typed with or without
 * an @mention of the bot.
 */
export type CommandName = 'rollcall' | 'agenda' | 'next' | 'decide' | 'minutes' | 'help';

export interface Command {
  name: CommandName;
  /** The item number of `beslut <nr>`, when given. */
  item: number | null;
}

const WORDS: Record<string, CommandName> = {
  upprop: 'rollcall',
  rollcall: 'rollcall',
  dagordning: 'agenda',
  agenda: 'agenda',
  nästa: 'next',
  next: 'next',
  beslut: 'decide',
  decide: 'decide',
  protokoll: 'minutes',
  minutes: 'minutes',
  hjälp: 'help',
  help: 'help',
};

/** Removes the bot's mention (`<at>Samverkan</at>`), HTML Teams may add, and extra space. */
export function stripMention(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseCommand(text: string | undefined): Command | null {
  if (!text) return null;
  const words = stripMention(text).toLocaleLowerCase('sv-SE').split(' ').filter(Boolean);
  // "@Samverkan upprop" may arrive without <at> tags (e.g. from the Playground): skip a leading @word.
  if (words[0]?.startsWith('@')) words.shift();
  const name = WORDS[words[0] ?? ''];
  if (!name) return null;
  const arg = words[1];
  const item = arg !== undefined && /^\d{1,6}$/.test(arg) ? Number(arg) : null;
  return { name, item };
}
