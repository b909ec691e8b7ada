import { defaultDirectory } from '../../functions/domain/directory';
import { newIncidentId } from '../../functions/domain/incident';
import {
  filingInstructionFor, fitsOneSmsSegment, formatDuration, formatLocalTime, renderEscalationMessage, renderImmediateNotification, renderReminderMessage, renderSmsDigest,
  SMS_MAX_CHARACTERS, smsSegmentUse,
} from '../../functions/domain/messages';
import { cutText } from '../../functions/domain/sms-templates';

const dueAt = new Date('2026-11-28T00:35:00Z');
const base = {
  locale: 'zh-CN' as const,
  incidentId: 'INC-20261128-7K3Q9P',
  incidentTitle: '某化工企业储罐泄漏',
  unitName: '盘锦高升经济区管委会',
  unitShortName: '高升经济区',
  obligationKind: 'written-report' as const,
  dueAt,
  now: new Date('2026-11-28T00:40:00Z'),
  apiUrl: 'https://api.example.org',
  filing: filingInstructionFor({ incidentId: 'INC-20261128-7K3Q9P', kind: 'written-report' }),
  drill: false,
};
const escalation = {
  ...base, overdueByMilliseconds: 5 * 60_000, escalationStep: 1, repeat: 0, addressedToResponsibleUnit: true,
  acknowledgementCode: 'K7Q3PA', acknowledgementUrl: 'https://api.example.org/acknowledgements/K7Q3PA?contact=gaosheng-zone.duty&signature=x',
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
    expect(message.sms).toBe('【应急催报】高升经济区：INC-20261128-7K3Q9P书面报告已逾期5分钟，请立即报送。回复K7Q3PA确认');
    expect(message.subject).toBe('【逾期未报·1级】书面报告：某化工企业储罐泄漏（INC-20261128-7K3Q9P）');
    expect(message.email.startsWith(message.sms)).toBe(true);
    expect(message.email).toContain('应于2026-11-28 08:35（北京时间）前报送');
    expect(message.email).toContain('POST https://api.example.org/incidents/INC-20261128-7K3Q9P/reports {"kind":"written"}');
    expect(message.email).toContain(escalation.acknowledgementUrl);
  });

  it('R-LADDER: higher steps ask the leader and the county to see that it is filed', () => {
    const message = renderEscalationMessage({ ...escalation, escalationStep: 3, addressedToResponsibleUnit: false, overdueByMilliseconds: 30 * 60_000 });
    expect(message.sms).toBe('【应急催报3级】高升经济区INC-20261128-7K3Q9P书面报告已逾期30分钟，请督促报送。回复K7Q3PA确认');
  });

  it('R-LADDER: at the deadline itself the message says it is due and unfiled, not "0 s overdue"', () => {
    const message = renderEscalationMessage({ ...escalation, overdueByMilliseconds: 400 });
    expect(message.sms).toContain('已到时限未报');
    expect(message.sms).not.toContain('0秒');
  });

  it('R-LADDER: every SMS for every unit, document and step fits in one 70-character segment', () => {
    const kinds = ['written-report', 'follow-up', 'verification-phone', 'verification-written', 'instruction-feedback'] as const;
    const lengths: number[] = [];
    for (const unit of defaultDirectory.units) {
      for (const obligationKind of kinds) {
        const input = { ...escalation, obligationKind, unitShortName: unit.shortName['zh-CN'], overdueByMilliseconds: (2 * 60 + 59) * 60_000 };
        lengths.push(renderEscalationMessage(input).sms.length, renderEscalationMessage({ ...input, escalationStep: 4, addressedToResponsibleUnit: false }).sms.length);
        lengths.push(renderReminderMessage({ ...base, obligationKind, unitShortName: unit.shortName['zh-CN'], now: new Date('2026-11-27T00:00:00Z') }).sms.length);
        lengths.push(renderImmediateNotification({
          locale: 'zh-CN', incidentId: base.incidentId, incidentTitle: '某化工企业储罐发生泄漏并引发火灾造成多人受伤需要紧急疏散', severity: 'relatively-major',
          unitName: unit.name['zh-CN'], unitShortName: unit.shortName['zh-CN'], reasons: ['R-HORIZONTAL'], occurredAt: dueAt, location: '高升经济区', apiUrl: base.apiUrl,
        }).sms.length);
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
      locale: 'zh-CN', incidentId: base.incidentId, incidentTitle: '某化工企业储罐发生爆炸造成重大人员伤亡', severity: 'especially-major',
      unitName: base.unitName, unitShortName: base.unitShortName, reasons: ['R-DIRECT-CITY'], occurredAt: dueAt, location: '高升经济区', apiUrl: base.apiUrl,
    });
    expect(message.sms.startsWith('【应急信息】直报市政府：高升经济区报告特别重大事件「')).toBe(true);
    expect(message.sms).toContain('（INC-20261128-7K3Q9P），请关注。');
    expect(message.sms.length).toBeLessThanOrEqual(SMS_MAX_CHARACTERS);
    expect(message.email).toContain('某化工企业储罐发生爆炸造成重大人员伤亡');
  });

  it('R-LADDER: English is available for contacts who read it', () => {
    const message = renderEscalationMessage({ ...escalation, locale: 'en', unitShortName: 'Gaosheng Zone' });
    expect(message.sms).toBe('[Overdue] Gaosheng Zone: the written report for INC-20261128-7K3Q9P is 5 min overdue. File it now. Reply K7Q3PA to acknowledge.');
    expect(message.subject.length).toBeLessThanOrEqual(100);
  });

  it('R-VERIFY-20-40, R-INSTRUCTION-12H: the filing instruction points at the right endpoint', () => {
    expect(filingInstructionFor({ incidentId: 'I', kind: 'verification-written', origin: { verificationRequestId: 'VRQ-1' } }))
      .toEqual({ method: 'POST', path: '/incidents/I/verification-requests/VRQ-1/answers', body: { channel: 'written' } });
    expect(filingInstructionFor({ incidentId: 'I', kind: 'instruction-feedback', origin: { instructionId: 'INS-1' } }).path).toBe('/incidents/I/instructions/INS-1/feedback');
  });

  it('incident IDs carry the Beijing date and are unique', () => {
    const at = new Date('2026-11-28T17:00:00Z'); // already 29 November in Beijing
    const ids = new Set(Array.from({ length: 200 }, () => newIncidentId(at)));
    expect([...ids].every((id) => /^INC-20261129-[0-9A-HJKMNP-TV-Z]{6}$/.test(id))).toBe(true);
    expect(ids.size).toBe(200);
  });

  describe('R-LADDER: every SMS, digests included, is one segment', () => {
    const line = (index: number) => `高升经济区INC-20261128-${String(index).padStart(6, '0')}书面报告已逾期30分钟（回复K7Q3PA）`;

    it('a digest of 501 held messages is one SMS within 70 characters, naming the first and how many in all', () => {
      const digest = renderSmsDigest('zh-CN', Array.from({ length: 501 }, (_, index) => line(index)));
      expect(digest.length).toBeLessThanOrEqual(SMS_MAX_CHARACTERS);
      expect(digest).toBe(`【应急信息汇总】${line(0)}…等501条，详见邮件。`);
    });

    it('a digest whose lines all fit is sent whole; one whose first line does not fit is cut between characters', () => {
      expect(renderSmsDigest('zh-CN', ['甲已逾期', '乙已逾期'])).toBe('【应急信息汇总】2条：甲已逾期；乙已逾期。详见邮件。');
      const long = renderSmsDigest('zh-CN', [`${'很长的单位名称'.repeat(12)}😀`, '乙']);
      expect(long.length).toBeLessThanOrEqual(SMS_MAX_CHARACTERS);
      expect(long.isWellFormed()).toBe(true);
      expect(long.endsWith('…等2条，详见邮件。')).toBe(true);
    });

    it('a first line that does not fit whole loses its reply code whole, never half of it', () => {
      const long = `盘锦高升经济区管委会INC-20261128-7K3Q9P核报书面报告已逾期23小时59分钟（回复K7Q3PA）`;
      const digest = renderSmsDigest('zh-CN', Array.from({ length: 15 }, () => long));
      expect(digest.length).toBeLessThanOrEqual(SMS_MAX_CHARACTERS);
      expect(digest).not.toMatch(/回复[0-9A-Z]{0,5}…/);
      expect(digest).toContain('…等15条');
    });

    it('English digests fit one GSM 7-bit segment (160)', () => {
      const digest = renderSmsDigest('en', Array.from({ length: 40 }, (_, index) => `Gaosheng Zone: written report for INC-20261128-${index} is 30 min overdue (reply K7Q3PA)`));
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
      locale: 'zh-CN', incidentId: base.incidentId, incidentTitle: `😀${'储罐泄漏'.repeat(20)}`, severity: 'major', unitName: base.unitName, unitShortName: base.unitShortName,
      reasons: ['R-HORIZONTAL'], occurredAt: dueAt, location: '高升经济区', apiUrl: base.apiUrl,
    });
    expect(notice.sms.isWellFormed()).toBe(true);
    expect(notice.subject.isWellFormed()).toBe(true);
  });
});
