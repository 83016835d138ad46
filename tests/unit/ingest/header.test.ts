/** Header text decoding (Specific Character Set) and person-name display. */
import { describe, expect, it } from 'vitest';
import { decodeText, encodingLabel } from '../../../src/ingest/charset';
import { formatPersonName } from '../../../src/ingest/header';
import { parseDicom } from '../../../src/ingest/parse';
import { bytes, identity, imagePixelModule, ow16, str, TS, writeRawDicom } from '../../fixtures/rawDicom';

function withName(charset: string | null, name: Uint8Array): string {
  const elements = [
    ...identity({}).filter((e) => e.tag !== 0x00100010),
    bytes(0x00100010, 'PN', name),
    bytes(0x00080080, 'LO', name),
    ...imagePixelModule({ rows: 1, columns: 1, bitsAllocated: 16 }),
    ow16(0x7fe00010, [0]),
  ];
  if (charset !== null) elements.push(str(0x00080005, 'CS', charset));
  const h = parseDicom(writeRawDicom({ transferSyntaxUid: TS.explicitLE, elements })).header;
  expect(h.institutionName).toBe(h.patientName);
  return h.patientName;
}

describe('Specific Character Set', () => {
  it('reads ISO_IR 100 (Latin-1) names', () => {
    expect(withName('ISO_IR 100', Uint8Array.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x5e, 0x4a]))).toBe('Müller^J');
  });

  it('reads ISO_IR 192 (UTF-8) names', () => {
    expect(withName('ISO_IR 192', new TextEncoder().encode('Ångström^Zoë'))).toBe('Ångström^Zoë');
  });

  it('reads ASCII names without a character set', () => {
    expect(withName(null, new TextEncoder().encode('Doe^Jane'))).toBe('Doe^Jane');
  });

  it('maps defined terms to decoders and strips padding', () => {
    expect(encodingLabel(undefined)).toBe('windows-1252');
    expect(encodingLabel('ISO_IR 192')).toBe('utf-8');
    expect(encodingLabel('\\ISO 2022 IR 87')).toBe('iso-2022-jp');
    expect(encodingLabel('ISO_IR 144')).toBe('iso-8859-5');
    expect(decodeText(Uint8Array.from([0x41, 0x42, 0x20, 0x00]), 'ISO_IR 100')).toBe('AB');
    // Cyrillic (ISO 8859-5): 0xB8 0xD2 0xD0 0xDD = Иван
    expect(decodeText(Uint8Array.from([0xb8, 0xd2, 0xd0, 0xdd]), 'ISO_IR 144')).toBe('Иван');
  });
});

describe('formatPersonName', () => {
  it('puts the components in reading order', () => {
    expect(formatPersonName('Doe^Jane')).toBe('Jane Doe');
    expect(formatPersonName('Doe^Jane^A^Dr^Jr')).toBe('Dr Jane A Doe Jr');
    expect(formatPersonName('Doe')).toBe('Doe');
    expect(formatPersonName('')).toBe('');
    expect(formatPersonName('VS-SEG-001')).toBe('VS-SEG-001');
  });

  it('uses the ideographic group when the alphabetic one is empty', () => {
    expect(formatPersonName('Yamada^Tarou=山田^太郎=やまだ^たろう')).toBe('Tarou Yamada');
    expect(formatPersonName('=山田^太郎')).toBe('太郎 山田');
  });
});
