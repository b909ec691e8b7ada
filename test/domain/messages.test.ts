import { defaultDirectory } from '../../functions/domain/default-directory';
import { newIncidentId } from '../../functions/domain/incident';
import {
  digestSmsTemplate,
  fitsOneSmsSegment,
  formatDuration,
  formatLocalTime,
  formatShortLocalTime,
  incidentConsoleUrl,
  obligationConsoleUrl,
  obligationName,
  renderEscalationMessage,
  renderImmediateNotification,
  renderReminderMessage,
  renderSmsDigest,
  renderSpotCheckMessage,
  SMS_MAX_CHARACTERS,
  smsSegmentUse,
  spotCheckSmsTemplate,
} from '../../functions/domain/messages';
import { OBLIGATION_KINDS } from '../../functions/domain/obligations';
import { cutText } from '../../functions/domain/sms-templates';

const dueAt = new Date('2026-11-28T00:35:00Z');
const consoleUrl = 'https://console.example.org/console/';
const base = {
  locale: 'zh-CN' as const,
  incidentId: 'INC-20261128-7K3Q9P',
  incidentTitle: '某化工企业储罐泄漏',
  unitName: '盘锦高升经济区管委会',
  unitShortName: '高升经济区',
  obligationKind: 'written-report' as const,
  dueAt,
  now: new Date('2026-11-28T00:40:00Z'),
  filingUrl: obligationConsoleUrl(consoleUrl, { incidentId: 'INC-20261128-7K3Q9P', obligationId: 'written-report' }),
  drill: false,
};
const escalation = {
  ...base,
  overdueByMilliseconds: 5 * 60_000,
  escalationStep: 1,
  repeat: 0,
  addressedToResponsibleUnit: true,
  acknowledgementCode: 'K7Q3PA',
  acknowledgementUrl: 'https://api.example.org/acknowledgements/K7Q3PA?contact=gaosheng-zone.duty&signature=x',
};

describe('messages', () => {
  it('shows times in Asia/Shanghai whatever the server zone', () => {
    expect(formatLocalTime(new Date('2026-11-28T00:35:00Z'))).toBe('2026-11-28 08:35');
    expect(formatLocalTime(new Date('2026-11-28T16:30:00Z'))).toBe('2026-11-29 00:30');
  });

  it('formats durations in Chinese and English', () => {
    expect(formatDuration(45_000, 'zh-CN')).toBe('45秒');
    expect(formatDuration(5 * 60_000, 'zh-CN')).toBe('5分钟');
    expect(formatDuration(65 * 60_000, 'zh-CN')).toBe('1小时5分钟');
    expect(formatDuration(60 * 60_000, 'en')).toBe('1 h');
    expect(formatDuration(65 * 60_000, 'en')).toBe('1 h 5 min');
  });

  it('R-LADDER: the escalation SMS to the unit names the incident, the unit, the document, how late, what to do and the acknowledgement code', () => {
    // Act
    const message = renderEscalationMessage(escalation);
    // Assess
    expect(message.sms).toBe(
      '【应急催报】高升经济区：INC-20261128-7K3Q9P书面报告已逾期5分钟，请立即报送。回复K7Q3PA确认',
    );
    expect(message.subject).toBe('【逾期未报·1级】书面报告：某化工企业储罐泄漏（INC-20261128-7K3Q9P）');
    expect(message.email.startsWith(message.sms)).toBe(true);
    expect(message.email).toContain('应于2026-11-28 08:35（北京时间）前报送');
    expect(message.email).toContain(
      '报送方式：登录值班台报送 https://console.example.org/console/#/incidents/INC-20261128-7K3Q9P/obligations/written-report',
    );
    expect(message.email).toContain(escalation.acknowledgementUrl);
  });

  it('R-LADDER: higher steps ask the leader and the county to see that it is filed', () => {
    const message = renderEscalationMessage({
      ...escalation,
      escalationStep: 3,
      addressedToResponsibleUnit: false,
      overdueByMilliseconds: 30 * 60_000,
    });
    expect(message.sms).toBe(
      '【应急催报3级】高升经济区INC-20261128-7K3Q9P书面报告已逾期30分钟，请督促报送。回复K7Q3PA确认',
    );
  });

  it('R-LADDER: at the deadline itself the message says it is due and unfiled, not "0 s overdue"', () => {
    const message = renderEscalationMessage({ ...escalation, overdueByMilliseconds: 400 });
    expect(message.sms).toContain('已到时限未报');
    expect(message.sms).not.toContain('0秒');
  });

  it('R-LADDER: every SMS for every unit, document and step fits in one 70-character segment', () => {
    const kinds = [
      'written-report',
      'follow-up',
      'verification-phone',
      'verification-written',
      'instruction-feedback',
    ] as const;
    const lengths: number[] = [];
    for (const unit of defaultDirectory.units) {
      for (const obligationKind of kinds) {
        const input = {
          ...escalation,
          obligationKind,
          unitShortName: unit.shortName['zh-CN'],
          overdueByMilliseconds: (2 * 60 + 59) * 60_000,
        };
        lengths.push(
          renderEscalationMessage(input).sms.length,
          renderEscalationMessage({ ...input, escalationStep: 4, addressedToResponsibleUnit: false }).sms.length,
        );
        lengths.push(
          renderReminderMessage({
            ...base,
            obligationKind,
            unitShortName: unit.shortName['zh-CN'],
            now: new Date('2026-11-27T00:00:00Z'),
          }).sms.length,
        );
        lengths.push(
          renderImmediateNotification({
            locale: 'zh-CN',
            incidentId: base.incidentId,
            incidentTitle: '某化工企业储罐发生泄漏并引发火灾造成多人受伤需要紧急疏散',
            severity: 'relatively-major',
            unitName: unit.name['zh-CN'],
            unitShortName: unit.shortName['zh-CN'],
            reasons: ['R-HORIZONTAL'],
            occurredAt: dueAt,
            location: '高升经济区',
            detailUrl: incidentConsoleUrl(consoleUrl, base.incidentId),
          }).sms.length,
        );
      }
    }
    expect(Math.max(...lengths)).toBeLessThanOrEqual(SMS_MAX_CHARACTERS);
  });

  it('R-LADDER: the reminder names the due time in Beijing time', () => {
    const message = renderReminderMessage({ ...base, now: new Date('2026-11-28T00:25:00Z') });
    expect(message.sms).toBe('【应急提醒】高升经济区：INC-20261128-7K3Q9P书面报告将于08:35到期，请按时报送。');
  });

  it('R-DIRECT-CITY: the immediate notification says why this unit is told, and shortens a long title', () => {
    const message = renderImmediateNotification({
      locale: 'zh-CN',
      incidentId: base.incidentId,
      incidentTitle: '某化工企业储罐发生爆炸造成重大人员伤亡',
      severity: 'especially-major',
      unitName: base.unitName,
      unitShortName: base.unitShortName,
      reasons: ['R-DIRECT-CITY'],
      occurredAt: dueAt,
      location: '高升经济区',
      detailUrl: incidentConsoleUrl(consoleUrl, base.incidentId),
    });
    expect(message.sms.startsWith('【应急信息】直报市政府：高升经济区报告特别重大事件「')).toBe(true);
    expect(message.sms).toContain('（INC-20261128-7K3Q9P），请关注。');
    expect(message.sms.length).toBeLessThanOrEqual(SMS_MAX_CHARACTERS);
    expect(message.email).toContain('某化工企业储罐发生爆炸造成重大人员伤亡');
  });

  it('R-LADDER: English is available for contacts who read it', () => {
    const message = renderEscalationMessage({ ...escalation, locale: 'en', unitShortName: 'Gaosheng Zone' });
    expect(message.sms).toBe(
      '[Overdue] Gaosheng Zone: the written report for INC-20261128-7K3Q9P is 5 min overdue. File it now. Reply K7Q3PA to acknowledge.',
    );
    expect(message.subject.length).toBeLessThanOrEqual(100);
  });

  it('issue 14 item 6, R-VERIFY-20-40, R-INSTRUCTION-12H: how to file is a link to the obligation in the console, never an API call', () => {
    // Act, Assess
    expect(obligationConsoleUrl(consoleUrl, { incidentId: 'I', obligationId: 'VRQ-1-written' })).toBe(
      'https://console.example.org/console/#/incidents/I/obligations/VRQ-1-written',
    );
    expect(obligationConsoleUrl(consoleUrl, { incidentId: 'I', obligationId: 'INS-1-feedback' })).toBe(
      'https://console.example.org/console/#/incidents/I/obligations/INS-1-feedback',
    );
    expect(renderReminderMessage(base).email).not.toMatch(/POST|GET |\{/);
    expect(renderEscalationMessage({ ...escalation, locale: 'en' }).email).not.toMatch(/POST|GET |\{/);
  });

  it('incident IDs carry the Beijing date and are unique', () => {
    const at = new Date('2026-11-28T17:00:00Z'); // already 29 November in Beijing
    const ids = new Set(Array.from({ length: 200 }, () => newIncidentId(at)));
    expect([...ids].every((id) => /^INC-20261129-[0-9A-HJKMNP-TV-Z]{6}$/.test(id))).toBe(true);
    expect(ids.size).toBe(200);
  });

  describe('R-LADDER: every SMS, digests included, is one segment', () => {
    const line = (index: number) =>
      `高升经济区INC-20261128-${String(index).padStart(6, '0')}书面报告已逾期30分钟（回复K7Q3PA）`;

    it('a digest of 501 held messages is one SMS within 70 characters, naming the first and how many in all', () => {
      const digest = renderSmsDigest(
        'zh-CN',
        Array.from({ length: 501 }, (_, index) => line(index)),
      );
      expect(digest.length).toBeLessThanOrEqual(SMS_MAX_CHARACTERS);
      expect(digest).toBe(`【应急信息汇总】${line(0)}…等501条，详见邮件。`);
    });

    it('a digest whose lines all fit is sent whole; one whose first line does not fit is cut between characters', () => {
      expect(renderSmsDigest('zh-CN', ['甲已逾期', '乙已逾期'])).toBe(
        '【应急信息汇总】2条：甲已逾期；乙已逾期。详见邮件。',
      );
      const long = renderSmsDigest('zh-CN', [`${'很长的单位名称'.repeat(12)}😀`, '乙']);
      expect(long.length).toBeLessThanOrEqual(SMS_MAX_CHARACTERS);
      expect(long.isWellFormed()).toBe(true);
      expect(long.endsWith('…等2条，详见邮件。')).toBe(true);
    });

    it('a first line that does not fit whole loses its reply code whole, never half of it', () => {
      const long = `盘锦高升经济区管委会INC-20261128-7K3Q9P核报书面报告已逾期23小时59分钟（回复K7Q3PA）`;
      const digest = renderSmsDigest(
        'zh-CN',
        Array.from({ length: 15 }, () => long),
      );
      expect(digest.length).toBeLessThanOrEqual(SMS_MAX_CHARACTERS);
      expect(digest).not.toMatch(/回复[0-9A-Z]{0,5}…/);
      expect(digest).toContain('…等15条');
    });

    it('English digests fit one GSM 7-bit segment (160)', () => {
      const digest = renderSmsDigest(
        'en',
        Array.from(
          { length: 40 },
          (_, index) => `Gaosheng Zone: written report for INC-20261128-${index} is 30 min overdue (reply K7Q3PA)`,
        ),
      );
      expect(smsSegmentUse(digest)).toEqual({ length: expect.any(Number), limit: 160 });
      expect(smsSegmentUse(digest).length).toBeLessThanOrEqual(160);
      expect(fitsOneSmsSegment(digest)).toBe(true);
      expect(digest).toContain('40 items in all');
    });

    it('Chinese text counts against 70 (UCS-2), GSM extension characters count twice', () => {
      expect(smsSegmentUse('催报')).toEqual({ length: 2, limit: 70 });
      expect(smsSegmentUse('a{b}')).toEqual({ length: 6, limit: 160 });
    });
  });

  it('R-LADDER: a title with an emoji cut for a subject or an SMS never leaves a lone surrogate (no publish could carry it)', () => {
    const title = `${'储'.repeat(93)}😀😀😀`;
    expect(cutText(title, 94)).toBe('储'.repeat(93));
    const message = renderEscalationMessage({ ...escalation, incidentTitle: title });
    expect(message.subject.isWellFormed()).toBe(true);
    expect(message.subject.length).toBeLessThanOrEqual(100);
    // The title is what gets shortened: the incident and what is owed stay in the subject.
    expect(message.subject.endsWith(`…（${base.incidentId}）`)).toBe(true);
    expect(message.subject.startsWith('【逾期未报·1级】书面报告：储储')).toBe(true);
    const notice = renderImmediateNotification({
      locale: 'zh-CN',
      incidentId: base.incidentId,
      incidentTitle: `😀${'储罐泄漏'.repeat(20)}`,
      severity: 'major',
      unitName: base.unitName,
      unitShortName: base.unitShortName,
      reasons: ['R-HORIZONTAL'],
      occurredAt: dueAt,
      location: '高升经济区',
      detailUrl: incidentConsoleUrl(consoleUrl, base.incidentId),
    });
    expect(notice.sms.isWellFormed()).toBe(true);
    expect(notice.subject.isWellFormed()).toBe(true);
  });
});

describe('messages: every line a person reads', () => {
  // Issue 14 item 6: the console's URL without its trailing slash: the link still names the console's directory.
  const link = 'https://console.example.org/console/#/incidents/INC-20261128-7K3Q9P/obligations/written-report';
  const input = {
    ...base,
    filingUrl: obligationConsoleUrl('https://console.example.org/console', {
      incidentId: 'INC-20261128-7K3Q9P',
      obligationId: 'written-report',
    }),
  };
  const howToFile = `登录值班台报送 ${link}`;
  const howToFileEn = `in the console, ${link}`;
  const ackUrl = 'https://api.example.org/acknowledgements/K7Q3PA?contact=c&signature=s';
  // Step 2, its first repeat, 1 h 5 min 30 s late, to the unit's leader.
  const supervisors = {
    ...input,
    overdueByMilliseconds: 65 * 60_000 + 30_000,
    escalationStep: 2,
    repeat: 1,
    addressedToResponsibleUnit: false,
    acknowledgementCode: 'K7Q3PA',
    acknowledgementUrl: ackUrl,
  };
  const atDeadline = {
    ...supervisors,
    overdueByMilliseconds: 10_000,
    escalationStep: 1,
    repeat: 0,
    addressedToResponsibleUnit: true,
  };

  it('R-LADDER: the reminder, in Chinese and English: the SMS, the subject, the digest line, the template and the e-mail with how to file', () => {
    // Act
    const zh = renderReminderMessage(input);
    const en = renderReminderMessage({ ...input, locale: 'en' });
    // Assess
    expect(zh).toEqual({
      subject: '【到期提醒】书面报告：某化工企业储罐泄漏（INC-20261128-7K3Q9P）',
      sms: '【应急提醒】高升经济区：INC-20261128-7K3Q9P书面报告将于08:35到期，请按时报送。',
      smsTemplate: {
        templateId: 'reminder',
        variables: { unit: '高升经济区', incident: 'INC-20261128-7K3Q9P', item: '书面报告', due: '08:35' },
      },
      digestLine: 'INC-20261128-7K3Q9P书面报告08:35到期',
      email: [
        zh.sms,
        '',
        '事件：某化工企业储罐泄漏（INC-20261128-7K3Q9P）',
        '责任单位：盘锦高升经济区管委会',
        '报送时限：2026-11-28 08:35（北京时间）',
        `报送方式：${howToFile}`,
      ].join('\n'),
    });
    expect(en).toEqual({
      subject: 'Reminder: written report due 2026-11-28 08:35 (INC-20261128-7K3Q9P)',
      sms: '[Reminder] 高升经济区: the written report for INC-20261128-7K3Q9P is due at 08:35 Beijing time. Please file it on time.',
      smsTemplate: {
        templateId: 'reminder',
        variables: { unit: '高升经济区', incident: 'INC-20261128-7K3Q9P', item: 'written report', due: '08:35' },
      },
      digestLine: 'written report for INC-20261128-7K3Q9P due 08:35',
      email: [
        en.sms,
        '',
        'Incident: 某化工企业储罐泄漏 (INC-20261128-7K3Q9P)',
        'Unit: 盘锦高升经济区管委会',
        'Due: 2026-11-28 08:35 Beijing time',
        `How to file: ${howToFileEn}`,
      ].join('\n'),
    });
  });

  it('R-LADDER: a repeat of a higher step names the step and the repeat, how late in hours and minutes, and how to acknowledge, in both languages', () => {
    // Act
    const zh = renderEscalationMessage(supervisors);
    const en = renderEscalationMessage({ ...supervisors, locale: 'en' });
    // Assess
    expect(zh).toEqual({
      subject: '【逾期未报·2级】书面报告：某化工企业储罐泄漏（INC-20261128-7K3Q9P）',
      sms: '【应急催报2级】高升经济区INC-20261128-7K3Q9P书面报告已逾期1小时5分钟，请督促报送。回复K7Q3PA确认',
      smsTemplate: {
        templateId: 'escalation-to-supervisors',
        variables: {
          unit: '高升经济区',
          incident: 'INC-20261128-7K3Q9P',
          item: '书面报告',
          lateness: '逾期1时5分',
          code: 'K7Q3PA',
          step: '2',
        },
      },
      digestLine: '高升经济区INC-20261128-7K3Q9P书面报告已逾期1小时5分钟（回复K7Q3PA）',
      email: [
        zh.sms,
        '',
        '事件：某化工企业储罐泄漏（INC-20261128-7K3Q9P）',
        '责任单位：盘锦高升经济区管委会',
        '逾期事项：书面报告，应于2026-11-28 08:35（北京时间）前报送，已逾期1小时5分钟',
        `报送方式：${howToFile}`,
        '催报级别：第2级（第1次重复）。',
        `确认收到：短信回复K7Q3PA，或打开 ${ackUrl}`,
        '确认收到只停止本级重复催报；报送材料后催报才会停止。',
      ].join('\n'),
    });
    expect(en).toEqual({
      subject: 'OVERDUE written report: 某化工企业储罐泄漏 (INC-20261128-7K3Q9P)',
      sms: '[Overdue, step 2] 高升经济区: the written report for INC-20261128-7K3Q9P is 1 h 5 min overdue. Please see that it is filed. Reply K7Q3PA to acknowledge.',
      smsTemplate: {
        templateId: 'escalation-to-supervisors',
        variables: {
          unit: '高升经济区',
          incident: 'INC-20261128-7K3Q9P',
          item: 'written report',
          lateness: 'is 1 h 5 min overdue',
          code: 'K7Q3PA',
          step: '2',
        },
      },
      digestLine: '高升经济区: written report for INC-20261128-7K3Q9P is 1 h 5 min overdue (reply K7Q3PA)',
      email: [
        en.sms,
        '',
        'Incident: 某化工企业储罐泄漏 (INC-20261128-7K3Q9P)',
        'Responsible unit: 盘锦高升经济区管委会',
        'Overdue: written report, due 2026-11-28 08:35 Beijing time, 1 h 5 min overdue',
        `How to file: ${howToFileEn}`,
        'Escalation step 2, repeat 1.',
        `Acknowledge: reply K7Q3PA by SMS, or open ${ackUrl}`,
        'Acknowledging stops repeats of this step; only filing the document stops the escalation.',
      ].join('\n'),
    });
  });

  it('R-LADDER: step 1 at the deadline itself says "due and not filed" in every part, with no repeat and no lateness', () => {
    // Act
    const zh = renderEscalationMessage(atDeadline);
    const en = renderEscalationMessage({ ...atDeadline, locale: 'en' });
    // Assess
    expect(zh.sms).toBe('【应急催报】高升经济区：INC-20261128-7K3Q9P书面报告已到时限未报，请立即报送。回复K7Q3PA确认');
    expect(zh.smsTemplate).toEqual({
      templateId: 'escalation-to-unit',
      variables: {
        unit: '高升经济区',
        incident: 'INC-20261128-7K3Q9P',
        item: '书面报告',
        lateness: '已到期未报',
        code: 'K7Q3PA',
      },
    });
    expect(zh.email.split('\n').slice(4, 7)).toEqual([
      '逾期事项：书面报告，应于2026-11-28 08:35（北京时间）前报送，已到时限仍未报送',
      `报送方式：${howToFile}`,
      '催报级别：第1级。',
    ]);
    expect(en.sms).toBe(
      '[Overdue] 高升经济区: the written report for INC-20261128-7K3Q9P is due now and not filed. File it now. Reply K7Q3PA to acknowledge.',
    );
    expect(en.smsTemplate?.variables.lateness).toBe('is due now, not filed');
    expect(en.digestLine).toBe(
      '高升经济区: written report for INC-20261128-7K3Q9P is due now and not filed (reply K7Q3PA)',
    );
    expect(en.email.split('\n').slice(4, 7)).toEqual([
      'Overdue: written report, due 2026-11-28 08:35 Beijing time',
      `How to file: ${howToFileEn}`,
      'Escalation step 1.',
    ]);
    // One minute late is late; under an hour the template says minutes only.
    expect(
      renderEscalationMessage({ ...atDeadline, overdueByMilliseconds: 60_000 }).smsTemplate?.variables.lateness,
    ).toBe('逾期1分钟');
    expect(renderEscalationMessage({ ...atDeadline, overdueByMilliseconds: 60_000 }).sms).toContain('已逾期1分钟');
    expect(
      renderEscalationMessage({ ...atDeadline, locale: 'en', overdueByMilliseconds: 59 * 60_000 }).smsTemplate
        ?.variables.lateness,
    ).toBe('is 59 min overdue');
    expect(
      renderEscalationMessage({ ...atDeadline, overdueByMilliseconds: 60 * 60_000 }).smsTemplate?.variables.lateness,
    ).toBe('逾期1时0分');
  });

  it('R-DIRECT-CITY, R-DUAL, R-HORIZONTAL, R-ENTERPRISE: the immediate notification gives every reason in the e-mail, the first in the SMS, and the detail link', () => {
    // Prepare
    const notice = {
      incidentId: 'INC-20261128-7K3Q9P',
      severity: 'major' as const,
      occurredAt: new Date('2026-11-28T00:05:00Z'),
      detailUrl: incidentConsoleUrl('https://console.example.org/console', 'INC-20261128-7K3Q9P'),
    };
    // Act
    const zh = renderImmediateNotification({
      ...notice,
      locale: 'zh-CN',
      incidentTitle: '某化工企业储罐泄漏',
      unitName: '盘锦高升经济区管委会',
      unitShortName: '高升经济区',
      reasons: ['R-DUAL', 'R-HORIZONTAL'],
      location: '高升经济区',
    });
    const en = renderImmediateNotification({
      ...notice,
      locale: 'en',
      incidentTitle: 'Tank leak',
      unitName: 'Gaosheng Zone',
      unitShortName: 'Gaosheng',
      reasons: ['R-ENTERPRISE', 'R-DIRECT-CITY'],
      location: 'Gaosheng',
    });
    // Assess
    expect(zh).toEqual({
      subject: '【重大】某化工企业储罐泄漏（INC-20261128-7K3Q9P）',
      sms: '【应急信息】县委县政府同报：高升经济区报告重大事件「某化工企业储罐泄漏」（INC-20261128-7K3Q9P），请关注。',
      smsTemplate: {
        templateId: 'immediate-notice',
        variables: {
          reason: '县委县政府同报',
          unit: '高升经济区',
          severity: '重大',
          title: '某化工企业储罐泄漏',
          incident: 'INC-20261128-7K3Q9P',
        },
      },
      digestLine: '高升经济区报告重大事件INC-20261128-7K3Q9P',
      email: [
        zh.sms,
        '',
        '事件：某化工企业储罐泄漏（INC-20261128-7K3Q9P）',
        '报告单位：盘锦高升经济区管委会',
        '发生时间：2026-11-28 08:05（北京时间），地点：高升经济区',
        '通知原因：县委县政府同报；部门互通',
        '详情：https://console.example.org/console/#/incidents/INC-20261128-7K3Q9P',
      ].join('\n'),
    });
    expect(en).toEqual({
      subject: 'major incident: Tank leak (INC-20261128-7K3Q9P)',
      sms: '[Incident] enterprise report, copied at once; direct report to the city government: Gaosheng reports a major incident "Tank leak" (INC-20261128-7K3Q9P).',
      smsTemplate: {
        templateId: 'immediate-notice',
        variables: {
          reason: 'enterprise report, copied at once',
          unit: 'Gaosheng',
          severity: 'major',
          title: 'Tank leak',
          incident: 'INC-20261128-7K3Q9P',
        },
      },
      digestLine: 'Gaosheng reports a major incident INC-20261128-7K3Q9P',
      email: [
        en.sms,
        '',
        'Incident: Tank leak (INC-20261128-7K3Q9P)',
        'Reported by: Gaosheng Zone',
        'Occurred: 2026-11-28 08:05 Beijing time, Gaosheng',
        'Why you: enterprise report, copied at once; direct report to the city government',
        'Details: https://console.example.org/console/#/incidents/INC-20261128-7K3Q9P',
      ].join('\n'),
    });
  });

  it('R-LADDER: every kind of document has its own name in both languages', () => {
    // Act
    const names = OBLIGATION_KINDS.map((kind) => [obligationName(kind, 'zh-CN'), obligationName(kind, 'en')]);
    // Assess
    expect(names).toEqual([
      ['书面报告', 'written report'],
      ['续报', 'follow-up report'],
      ['核报电话反馈', 'phone answer to the verification request'],
      ['核报书面报告', 'written answer to the verification request'],
      ['批示办理反馈', "feedback on the leader's instruction"],
    ]);
  });

  it('issue 14 item 6, R-FOLLOWUP: the link to a follow-up and to an incident; an ID is one path segment', () => {
    // Act, Assess
    expect(obligationConsoleUrl(consoleUrl, { incidentId: 'I', obligationId: 'follow-up-2' })).toBe(
      'https://console.example.org/console/#/incidents/I/obligations/follow-up-2',
    );
    expect(incidentConsoleUrl('http://127.0.0.1:3000/console/', 'INC-1')).toBe(
      'http://127.0.0.1:3000/console/#/incidents/INC-1',
    );
    expect(obligationConsoleUrl(consoleUrl, { incidentId: 'I/x', obligationId: 'a b' })).toBe(
      'https://console.example.org/console/#/incidents/I%2Fx/obligations/a%20b',
    );
  });

  it('R-SPOTCHECK: the spot-check SMS and its template, with seconds in drills and the date when it is due another day', () => {
    // Prepare
    const now = new Date('2026-11-28T00:40:00Z');
    // Act, Assess
    expect(
      renderSpotCheckMessage({
        locale: 'zh-CN',
        unitShortName: '示例镇甲',
        dueAt: new Date('2026-11-28T00:45:00Z'),
        now,
        code: 'K7Q3PA',
        drill: true,
      }),
    ).toBe('【值班抽查】示例镇甲：县政府总值班室值班抽查，请于08:45:00前回复K7Q3PA确认在岗。');
    expect(
      renderSpotCheckMessage({
        locale: 'en',
        unitShortName: 'Town A',
        dueAt: new Date('2026-11-29T00:45:00Z'),
        now,
        code: 'K7Q3PA',
        drill: false,
      }),
    ).toBe(
      '[Duty spot check] Town A: the county duty office is checking the duty post. Reply K7Q3PA by 11-29 08:45 Beijing time.',
    );
    expect(
      spotCheckSmsTemplate({
        unitShortName: '示例镇甲',
        dueAt: new Date('2026-11-28T00:45:00Z'),
        now,
        code: 'K7Q3PA',
        drill: false,
      }),
    ).toEqual({ templateId: 'spot-check', variables: { unit: '示例镇甲', due: '08:45', code: 'K7Q3PA' } });
  });

  it('a short time shows the date unless it is the same Beijing day — same day and month of another month or year included', () => {
    // Prepare
    const now = new Date('2026-11-28T00:40:00Z');
    // Act, Assess
    expect(formatShortLocalTime(new Date('2026-11-28T00:45:09Z'), now)).toBe('08:45');
    expect(formatShortLocalTime(new Date('2026-11-28T00:45:09Z'), now, true)).toBe('08:45:09');
    expect(formatShortLocalTime(new Date('2026-12-28T00:45:00Z'), now)).toBe('12-28 08:45');
    expect(formatShortLocalTime(new Date('2026-11-29T00:45:00Z'), now)).toBe('11-29 08:45');
    expect(formatShortLocalTime(new Date('2027-11-28T00:45:00Z'), now)).toBe('11-28 08:45');
    expect(formatDuration(45_000, 'en')).toBe('45 s');
    expect(formatDuration(120 * 60_000, 'zh-CN')).toBe('2小时');
  });

  it('R-LADDER: an English digest that fits is sent whole; the digest template of no lines is empty', () => {
    // Act, Assess
    expect(renderSmsDigest('en', ['a (reply K7Q3PA)', 'b'])).toBe(
      '[Incident reporting, 2 items] a (reply K7Q3PA); b. Details by e-mail.',
    );
    expect(digestSmsTemplate([])).toEqual({ templateId: 'digest', variables: { count: '0', first: '' } });
  });

  it('R-DIRECT-CITY, R-DUAL, R-ENTERPRISE, R-HORIZONTAL: every reason a unit is told has its words in both languages', () => {
    // Prepare
    const notice = (locale: 'zh-CN' | 'en') =>
      renderImmediateNotification({
        locale,
        incidentId: 'INC-1',
        incidentTitle: 'T',
        severity: 'general',
        unitName: 'U',
        unitShortName: 'U',
        reasons: ['R-DIRECT-CITY', 'R-DUAL', 'R-ENTERPRISE', 'R-HORIZONTAL'],
        occurredAt: dueAt,
        location: 'L',
        detailUrl: incidentConsoleUrl(consoleUrl, 'INC-1'),
      })
        .email.split('\n')
        .find((line) => line.startsWith('通知原因：') || line.startsWith('Why you: '));
    // Act, Assess
    expect(notice('zh-CN')).toBe('通知原因：直报市政府；县委县政府同报；企业同步报告；部门互通');
    expect(notice('en')).toBe(
      'Why you: direct report to the city government; reported to the county party committee and government together; enterprise report, copied at once; for the responsible department',
    );
  });

  it('R-DIRECT-CITY: a title that just fits the SMS is kept whole; one character more and it is cut with an ellipsis, the SMS still one segment', () => {
    // Prepare: the room the frame leaves for the title
    const render = (incidentTitle: string) =>
      renderImmediateNotification({
        locale: 'zh-CN',
        incidentId: base.incidentId,
        incidentTitle,
        severity: 'especially-major',
        unitName: base.unitName,
        unitShortName: base.unitShortName,
        reasons: ['R-DIRECT-CITY'],
        occurredAt: dueAt,
        location: '高升经济区',
        detailUrl: incidentConsoleUrl(consoleUrl, base.incidentId),
      }).sms;
    const room = SMS_MAX_CHARACTERS - render('').length;
    const fits = '储'.repeat(room);
    // Act, Assess
    expect(render(fits)).toBe(
      `【应急信息】直报市政府：高升经济区报告特别重大事件「${fits}」（INC-20261128-7K3Q9P），请关注。`,
    );
    expect(render(fits).length).toBe(SMS_MAX_CHARACTERS);
    expect(render(`${fits}罐`)).toBe(
      `【应急信息】直报市政府：高升经济区报告特别重大事件「${'储'.repeat(room - 1)}…」（INC-20261128-7K3Q9P），请关注。`,
    );
  });

  it('R-LADDER: an e-mail subject of exactly 100 characters is kept; a longer one shortens the title, ending it with an ellipsis', () => {
    // Prepare: the subject frame around the title is fixed, so the title that makes it exactly 100 is known
    const frameLength = renderEscalationMessage({ ...escalation, incidentTitle: '' }).subject.length;
    const exact = '储'.repeat(100 - frameLength);
    // Act
    const kept = renderEscalationMessage({ ...escalation, incidentTitle: exact }).subject;
    const shortened = renderEscalationMessage({ ...escalation, incidentTitle: `${exact}罐` }).subject;
    // Assess
    expect(kept).toBe(`【逾期未报·1级】书面报告：${exact}（INC-20261128-7K3Q9P）`);
    expect(kept).toHaveLength(100);
    expect(shortened).toBe(`【逾期未报·1级】书面报告：${'储'.repeat(100 - frameLength - 1)}…（INC-20261128-7K3Q9P）`);
    expect(shortened).toHaveLength(100);
  });

  it('R-LADDER: a text of exactly one segment fits; one character more does not', () => {
    // Act, Assess
    expect(fitsOneSmsSegment('催'.repeat(SMS_MAX_CHARACTERS))).toBe(true);
    expect(fitsOneSmsSegment('催'.repeat(SMS_MAX_CHARACTERS + 1))).toBe(false);
    expect(fitsOneSmsSegment('a'.repeat(160))).toBe(true);
    expect(fitsOneSmsSegment('a'.repeat(161))).toBe(false);
  });

  it('R-LADDER: a digest whose first line does not fit shows as much of it as fits, its reply code removed first (a code is never cut)', () => {
    // Prepare: the digest frame of two lines, and lines that do not fit it whole
    const frameLength = '【应急信息汇总】…等2条，详见邮件。'.length;
    const room = SMS_MAX_CHARACTERS - frameLength;
    const longText = '很长的单位名称'.repeat(12);
    const fitsWithoutCode = '储'.repeat(room - 3);
    // Act
    const cut = renderSmsDigest('zh-CN', [longText, '乙']);
    const codeRemoved = renderSmsDigest('zh-CN', [`${fitsWithoutCode}（回复K7Q3PA）`, '乙']);
    const codeRemovedThenCut = renderSmsDigest('zh-CN', [`${longText}（回复K7Q3PA）`, '乙']);
    // Assess
    expect(cut).toBe(`【应急信息汇总】${longText.slice(0, room)}…等2条，详见邮件。`);
    expect(cut).toHaveLength(SMS_MAX_CHARACTERS);
    expect(codeRemoved).toBe(`【应急信息汇总】${fitsWithoutCode}…等2条，详见邮件。`);
    expect(codeRemovedThenCut).toBe(cut);
    // In English the segment is GSM 7-bit: 160, where [ and ] count twice.
    const englishRoom = 160 - smsSegmentUse('[Incident reporting] ... 2 items in all, details by e-mail.').length;
    expect(renderSmsDigest('en', [`${'x'.repeat(150)} (reply K7Q3PA)`, 'y'])).toBe(
      `[Incident reporting] ${'x'.repeat(englishRoom)}... 2 items in all, details by e-mail.`,
    );
  });
});
