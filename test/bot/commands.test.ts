import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../bot/commands.js';

describe('chat commands (SPEC §5)', () => {
  it.each([
    ['upprop', 'rollcall'],
    ['rollcall', 'rollcall'],
    ['dagordning', 'agenda'],
    ['agenda', 'agenda'],
    ['nästa', 'next'],
    ['Next', 'next'],
    ['protokoll', 'minutes'],
    ['minutes', 'minutes'],
    ['hjälp', 'help'],
    ['HELP', 'help'],
  ])('reads "%s" as %s', (text, name) => {
    expect(parseCommand(text)).toEqual({ name, item: null });
  });

  it('reads the item number of beslut / decide', () => {
    expect(parseCommand('beslut 25')).toEqual({ name: 'decide', item: 25 });
    expect(parseCommand('decide 7')).toEqual({ name: 'decide', item: 7 });
    expect(parseCommand('beslut')).toEqual({ name: 'decide', item: null });
    expect(parseCommand('beslut tjugo')).toEqual({ name: 'decide', item: null });
  });

  it('works with or without an @mention', () => {
    expect(parseCommand('<at>Samverkan</at> upprop')).toEqual({ name: 'rollcall', item: null });
    expect(parseCommand('<at>Samverkan i Teams</at>&nbsp;beslut 12')).toEqual({ name: 'decide', item: 12 });
    expect(parseCommand('@Samverkan nästa')).toEqual({ name: 'next', item: null });
  });

  it('ignores other talk', () => {
    expect(parseCommand('hej alla, vi börjar snart')).toBeNull();
    expect(parseCommand('')).toBeNull();
    expect(parseCommand(undefined)).toBeNull();
  });
});
