import type { SettingValues, TemplateDocument } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_DOCUMENT_LENGTH, parseDocument, renderDocument } from './template-document';
import { TemplateDocumentInvalidError } from './template.errors';

const values: SettingValues = {
  'identity.location': 'Floor 3 <east> & "copy room"',
  'time.timeZone': 'Europe/Berlin',
  'time.daylightSaving': { enabled: true },
  'snmp.v1v2cEnabled': false,
};

function doc(v: SettingValues): TemplateDocument {
  return {
    format: 'fleetward-template',
    formatVersion: 1,
    name: 'Office',
    description: 'Berlin office',
    kind: 'admin',
    values: v,
    omittedSecrets: ['security.adminPassword'],
  };
}

describe('template documents', () => {
  it.each(['json', 'xml'] as const)('a %s export reads back to the same values', async (format) => {
    const text = renderDocument(doc(values), format);
    const parsed = await parseDocument(format, text);
    expect(parsed).toEqual({ name: 'Office', description: 'Berlin office', kind: 'admin', values });
  });

  it('XML keeps types by the catalogue: integers, booleans and lists', async () => {
    const typed: SettingValues = { 'snmp.v3Enabled': true, 'service.tonerLowThresholdPercent': 15 };
    const text = renderDocument({ ...doc(typed), kind: 'service' }, 'xml');
    expect(text).toContain('<setting key="service.tonerLowThresholdPercent">15</setting>');
    expect((await parseDocument('xml', text)).values).toEqual(typed);
  });

  it('refuses documents that are not template documents or too long', async () => {
    await expect(parseDocument('json', '{nope')).rejects.toBeInstanceOf(TemplateDocumentInvalidError);
    await expect(parseDocument('json', JSON.stringify({ format: 'other', values: {} }))).rejects.toThrow(/format/);
    await expect(parseDocument('xml', '<template><name>x</name>')).rejects.toBeInstanceOf(TemplateDocumentInvalidError);
    await expect(parseDocument('xml', '<other/>')).rejects.toThrow(/root/);
    await expect(parseDocument('json', ' '.repeat(MAX_TEMPLATE_DOCUMENT_LENGTH + 1))).rejects.toThrow(/longer/);
  });
});
