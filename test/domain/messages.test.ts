import { formatDuration, formatLocalTime, renderEscalationMessage } from '../../functions/domain/messages';
import { newIncidentId } from '../../functions/domain/incident';

const base = {
  incidentId: 'INC-20261128-7K3Q9P',
  incidentTitle: '某化工企业储罐泄漏',
  unitName: '盘锦高升经济区管委会',
  obligationKind: 'written-report' as const,
  dueAt: new Date('2026-11-28T00:35:00Z'),
  overdueByMilliseconds: 5 * 60_000,
  filingUrl: 'https://api.example.org/incidents/INC-20261128-7K3Q9P/reports',
  escalationStep: 1,
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

  it('R-LADDER: the Chinese escalation SMS names the incident, what is overdue, by how much, and how to file', () => {
    // Act
    const message = renderEscalationMessage({ ...base, locale: 'zh-CN' });
    // Assess
    expect(message.sms).toContain('盘锦高升经济区管委会');
    expect(message.sms).toContain('「某化工企业储罐泄漏」（INC-20261128-7K3Q9P）');
    expect(message.sms).toContain('书面报告应于2026-11-28 08:35（北京时间）前报送');
    expect(message.sms).toContain('已逾期5分钟');
    expect(message.sms).toContain('POST https://api.example.org/incidents/INC-20261128-7K3Q9P/reports');
    expect(message.subject).toBe('【逾期未报】书面报告：某化工企业储罐泄漏（INC-20261128-7K3Q9P）');
    expect(message.email.startsWith(message.sms)).toBe(true);
  });

  it('R-LADDER: at the deadline itself the message says it is due and unfiled, not "0 s overdue"', () => {
    const message = renderEscalationMessage({ ...base, locale: 'zh-CN', overdueByMilliseconds: 400 });
    expect(message.sms).toContain('已到时限仍未报送');
    expect(message.sms).not.toContain('0秒');
  });

  it('R-LADDER: English is available for contacts who read it', () => {
    const message = renderEscalationMessage({ ...base, locale: 'en', unitName: 'Panjin Gaosheng Economic Zone Management Committee' });
    expect(message.sms).toContain('the written report for incident "某化工企业储罐泄漏" (INC-20261128-7K3Q9P) was due by 2026-11-28 08:35 (Beijing time) and is 5 min overdue');
    expect(message.subject.length).toBeLessThanOrEqual(100);
  });

  it('incident IDs carry the Beijing date and are unique', () => {
    const at = new Date('2026-11-28T17:00:00Z'); // already 29 November in Beijing
    const ids = new Set(Array.from({ length: 200 }, () => newIncidentId(at)));
    expect([...ids].every((id) => /^INC-20261129-[0-9A-HJKMNP-TV-Z]{6}$/.test(id))).toBe(true);
    expect(ids.size).toBe(200);
  });
});
