import { describe, expect, it } from 'vitest';
import { chooseCoding, decodeAfterReveal, encodeForHiding } from '../../../src/protocol/coding';
import { encodeBase62 } from '../../../src/protocol/base62';

describe('text coding', () => {
  it('chooses the paper alphabet when it can', () => {
    expect(chooseCoding('Za91')).toBe('alphabet62');
    expect(chooseCoding('Za 91')).toBe('utf8-base62');
    expect(chooseCoding('Zoë')).toBe('utf8-base62');
  });

  it('maps alphabet text directly, as in the paper', () => {
    expect(encodeForHiding('Za91')).toEqual({ ok: true, coding: 'alphabet62', symbols: 'Za91' });
    expect(decodeAfterReveal('Za91', 'alphabet62')).toEqual({ ok: true, text: 'Za91' });
  });

  it('codes other text as base-62 of UTF-8', () => {
    expect(encodeForHiding('A')).toEqual({ ok: true, coding: 'alphabet62', symbols: 'A' });
    const text = 'Zoë Ångström 李';
    const enc = encodeForHiding(text);
    expect(enc).toEqual({ ok: true, coding: 'utf8-base62', symbols: encodeBase62(text) });
    if (!enc.ok) throw new Error('unreachable');
    expect(decodeAfterReveal(enc.symbols, enc.coding)).toEqual({ ok: true, text });
    // pure alphabet text can be forced through base 62
    expect(encodeForHiding('A', 'utf8-base62')).toEqual({ ok: true, coding: 'utf8-base62', symbols: 'fl' });
  });

  it('refuses empty text and forced alphabet coding of other characters', () => {
    const empty = encodeForHiding('');
    expect(empty).toMatchObject({ ok: false, code: 'empty-text' });
    if (!empty.ok) expect(empty.message).toMatch(/empty/);
    const forced = encodeForHiding('Zoë Å', 'alphabet62');
    expect(forced).toMatchObject({ ok: false, code: 'not-in-alphabet' });
    if (!forced.ok) expect(forced.message).toContain("U+00EB 'ë', space, U+00C5 'Å'");
    expect(encodeForHiding('a\uD800', 'utf8-base62')).toMatchObject({ ok: false, code: 'invalid-text' });
  });

  it('reports revealed symbols that do not decode', () => {
    const r = decodeAfterReveal('ip', 'utf8-base62');
    expect(r).toMatchObject({ ok: false, code: 'undecodable' });
    if (!r.ok) expect(r.message).toMatch(/UTF-8.*does not reproduce/);
    expect(decodeAfterReveal('', 'alphabet62')).toMatchObject({ ok: false, code: 'empty-symbols' });
    expect(decodeAfterReveal('ab', 'rot13' as never)).toMatchObject({ ok: false, code: 'unknown-coding' });
  });
});
