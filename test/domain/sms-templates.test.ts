import { readFileSync } from 'node:fs';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { OBLIGATION_KINDS } from '../../functions/domain/obligations';
import {
  digestSmsTemplate,
  incidentConsoleUrl,
  obligationConsoleUrl,
  renderEscalationMessage,
  renderImmediateNotification,
  renderReminderMessage,
  SMS_MAX_CHARACTERS,
  spotCheckSmsTemplate,
} from '../../functions/domain/messages';
import {
  cutText,
  fitVariable,
  MAX_VARIABLE_LENGTH,
  renderSmsTemplate,
  SIGNATURE_BUDGET,
  SMS_TEMPLATE_IDS,
  SMS_TEMPLATES,
  templateVariables,
  type TemplateSmsContent,
} from '../../functions/domain/sms-templates';

const dueAt = new Date('2026-11-28T00:35:00Z');
const incidentId = 'INC-20261128-7K3Q9P';
const base = {
  locale: 'zh-CN' as const,
  incidentId,
  incidentTitle: '某化工企业储罐发生泄漏并引发火灾造成多人受伤需要紧急疏散',
  unitName: '盘锦高升经济区管委会',
  unitShortName: '高升经济区',
  obligationKind: 'written-report' as const,
  dueAt,
  now: new Date('2026-11-27T00:00:00Z'),
  filingUrl: obligationConsoleUrl('https://console.example.org/console/', {
    incidentId,
    obligationId: 'written-report',
  }),
  drill: false,
};

/**
 * Every template SMS the service can send, worst cases included: every unit, document, ladder step and the longest
 * lateness.
 */
function everyTemplateSms(): TemplateSmsContent[] {
  const all: TemplateSmsContent[] = [];
  for (const unit of defaultDirectory.units) {
    const unitShortName = unit.shortName['zh-CN'];
    for (const obligationKind of OBLIGATION_KINDS) {
      all.push(renderReminderMessage({ ...base, obligationKind, unitShortName }).smsTemplate!);
      for (const [escalationStep, addressedToResponsibleUnit] of [
        [1, true],
        [2, false],
        [4, false],
      ] as const) {
        for (const overdueByMilliseconds of [0, 5 * 60_000, (23 * 60 + 59) * 60_000]) {
          all.push(
            renderEscalationMessage({
              ...base,
              obligationKind,
              unitShortName,
              overdueByMilliseconds,
              escalationStep,
              repeat: 0,
              addressedToResponsibleUnit,
              acknowledgementCode: 'K7Q3PA',
              acknowledgementUrl: 'https://api.example.org/acknowledgements/K7Q3PA',
            }).smsTemplate!,
          );
        }
      }
    }
    for (const reason of ['R-DIRECT-CITY', 'R-DUAL', 'R-ENTERPRISE', 'R-HORIZONTAL'] as const) {
      all.push(
        renderImmediateNotification({
          locale: 'zh-CN',
          incidentId,
          incidentTitle: base.incidentTitle,
          severity: 'especially-major',
          unitName: unit.name['zh-CN'],
          unitShortName,
          reasons: [reason],
          occurredAt: dueAt,
          location: '高升经济区',
          detailUrl: incidentConsoleUrl('https://console.example.org/console/', incidentId),
        }).smsTemplate!,
      );
    }
    all.push(spotCheckSmsTemplate({ unitShortName, dueAt, now: base.now, code: 'K7Q3PA', drill: false }));
  }
  all.push(
    digestSmsTemplate(['盘锦高升经济区INC-20261128-7K3Q9P核报书面报告已逾期23小时59分钟（回复K7Q3PA）', '另一条']),
  );
  return all;
}

describe('SMS templates for domestic providers (issue 7, gateway mode)', () => {
  it("R-LADDER, R-DIRECT-CITY, R-SPOTCHECK: every message kind has a template, and every rendered template SMS fits one 70-character segment with the provider's signature", () => {
    const all = everyTemplateSms();
    expect(new Set(all.map((content) => content.templateId))).toEqual(new Set(SMS_TEMPLATE_IDS));
    const longest = Math.max(...all.map((content) => renderSmsTemplate(content, 'zh-CN').length));
    expect(longest).toBeLessThanOrEqual(SMS_MAX_CHARACTERS - SIGNATURE_BUDGET);
  });

  it('every variable a template names is given, and none is longer than the provider allows', () => {
    const all = everyTemplateSms();
    for (const content of all) {
      expect(Object.keys(content.variables).sort()).toEqual(
        [...new Set(templateVariables(SMS_TEMPLATES[content.templateId].text['zh-CN']))].sort(),
      );
      for (const value of Object.values(content.variables))
        expect(value.length).toBeLessThanOrEqual(MAX_VARIABLE_LENGTH);
    }
  });

  it('no template carries 【】 (the provider puts its signature there)', () => {
    for (const id of SMS_TEMPLATE_IDS) expect(SMS_TEMPLATES[id].text['zh-CN']).not.toMatch(/[【】]/);
  });

  it('docs/sms-templates.md lists every template text exactly as it will be submitted', () => {
    const docs = readFileSync('docs/sms-templates.md', 'utf8');
    for (const id of SMS_TEMPLATE_IDS) {
      expect(docs).toContain(`\`${id}\``);
      expect(docs).toContain(SMS_TEMPLATES[id].text['zh-CN']);
      expect(docs).toContain(SMS_TEMPLATES[id].text.en);
    }
  });

  it("R-LADDER: every template's English text names the same variables as the Chinese, and says which requirement it serves", () => {
    for (const id of SMS_TEMPLATE_IDS) {
      const { text, usedFor } = SMS_TEMPLATES[id];
      expect(new Set(templateVariables(text.en))).toEqual(new Set(templateVariables(text['zh-CN'])));
      expect(templateVariables(text.en).length).toBeGreaterThan(0);
      expect(usedFor).toMatch(/\bR-[A-Z]+/);
    }
  });

  it('R-LADDER: a template missing one of its variables is refused before the provider sees it', () => {
    // Act, Assess
    expect(
      renderSmsTemplate(
        { templateId: 'spot-check', variables: { unit: '示例镇甲', due: '08:45', code: 'K7Q3PA' } },
        'en',
      ),
    ).toBe(
      'Duty spot check: 示例镇甲, the county duty office is checking the duty post. Reply K7Q3PA by 08:45 Beijing time.',
    );
    expect(() =>
      renderSmsTemplate({ templateId: 'spot-check', variables: { unit: '示例镇甲', due: '08:45' } }, 'zh-CN'),
    ).toThrow('SMS template spot-check needs the variable code');
  });

  it('a variable or text at its limit is kept whole; one character over is cut, with an ellipsis for a variable, and never through a surrogate pair', () => {
    // Prepare
    const atLimit = '甲'.repeat(MAX_VARIABLE_LENGTH);
    // Act, Assess
    expect(fitVariable(atLimit)).toBe(atLimit);
    expect(fitVariable(`${atLimit}乙`)).toBe(`${'甲'.repeat(MAX_VARIABLE_LENGTH - 1)}…`);
    expect(fitVariable('一二三四五', 4)).toBe('一二三…');
    expect(cutText('一二三', 3)).toBe('一二三');
    expect(cutText('一二三', 2)).toBe('一二');
    // '😀' is two code units: cutting at 2 would split it, so it goes whole; at 3 it stays whole.
    expect(cutText('一😀二', 2)).toBe('一');
    expect(cutText('一😀二', 3)).toBe('一😀');
    expect(cutText('一😀二', 0)).toBe('');
  });
});
