import { actorName, beijingClock, SENTENCES, timelineSentence, type TimelineContext } from '../../console/src/timeline';
import type { AuditEvent } from '../../console/src/types';

// R-AUDIT: the incident page reads its timeline as sentences in Beijing time (console/src/timeline.ts).
const context: TimelineContext = {
  unitName: (unitId) => ({ 'gaosheng-zone': '高升经济区' })[unitId] ?? unitId,
  obligations: [{ obligationId: 'written-report', kind: 'written-report' }],
  verificationAnswers: [{ answerId: 'ANS-1', answer: '2人轻伤，无死亡' }],
  instructions: [{ instructionId: 'INS-1', text: '全力救治伤员' }],
  instructionFeedback: [{ feedbackId: 'FBK-1', text: '伤员已送医' }],
};

const event = (type: string, detail: Record<string, unknown>, actor = 'duty-officer:x'): AuditEvent => ({
  seq: 1,
  // 02:20 in Beijing is 18:20 UTC the day before.
  at: '2026-12-01T18:20:00.000Z',
  type: type,
  actor,
  unitId: 'gaosheng-zone',
  detail,
});

describe('timeline sentences (R-AUDIT)', () => {
  it('reads a time in Beijing time whatever the zone, with its Beijing day', () => {
    expect(beijingClock('2026-12-01T18:20:00.000Z')).toEqual({ date: '2026-12-02', time: '02:20' });
  });

  it('R-VERIFY-20-40: "02:20 县政府总值班室 发起核报：请核实伤亡人数", and in English', () => {
    const request = event('verification-requested', { requestId: 'VRQ-1', question: '请核实伤亡人数' });
    expect(timelineSentence(request, context, 'zh-CN')).toEqual({
      date: '2026-12-02',
      time: '02:20',
      text: '县政府总值班室 发起核报：请核实伤亡人数',
    });
    expect(timelineSentence(request, context, 'en').text).toBe(
      'County duty office asked for verification: 请核实伤亡人数',
    );
  });

  it('R-VERIFY-20-40: an answer quotes what the unit said, found by its ID', () => {
    const answer = event(
      'verification-answered',
      { requestId: 'VRQ-1', answerId: 'ANS-1', channel: 'phone' },
      'reporter:gaosheng-zone:u-1',
    );
    expect(timelineSentence(answer, context, 'zh-CN').text).toBe('高升经济区 核报回复（电话）：2人轻伤，无死亡');
    expect(timelineSentence(answer, context, 'en').text).toBe(
      '高升经济区 answered the verification (phone): 2人轻伤，无死亡',
    );
  });

  it('R-INSTRUCTION-12H: an instruction and its feedback read with their texts', () => {
    const instruction = event('instruction-recorded', { instructionId: 'INS-1', leader: '县长' });
    const feedback = event(
      'instruction-feedback-filed',
      { instructionId: 'INS-1', feedbackId: 'FBK-1' },
      'reporter:gaosheng-zone:u-1',
    );
    expect(timelineSentence(instruction, context, 'zh-CN').text).toBe('县政府总值班室 登记县长批示：全力救治伤员');
    expect(timelineSentence(feedback, context, 'zh-CN').text).toBe('高升经济区 反馈批示落实情况：伤员已送医');
    expect(timelineSentence(instruction, context, 'en').text).toBe(
      'County duty office recorded an instruction from 县长: 全力救治伤员',
    );
  });

  it('R-WRITTEN-30, R-LIFECYCLE: deadlines read by their kind, with Beijing times', () => {
    const opened = event('obligation-opened', {
      obligationId: 'written-report',
      kind: 'written-report',
      dueAt: '2026-12-01T18:50:00.000Z',
    });
    const overdue = event('obligation-overdue', { obligationId: 'written-report', dueAt: '2026-12-01T18:50:00.000Z' });
    expect(timelineSentence(opened, context, 'zh-CN').text).toBe('书面报告时限开始，须于 02:50 前完成');
    expect(timelineSentence(opened, context, 'en').text).toBe('Written report due by 02:50');
    // The overdue event names only the obligation's ID: its kind comes from the incident's obligations.
    expect(timelineSentence(overdue, context, 'zh-CN').text).toBe('书面报告逾期未报（时限 02:50）');
    expect(timelineSentence(overdue, context, 'en').text).toBe('Written report overdue (was due 02:50)');
  });

  it('R-INTAKE, R-MEDIA: a phone first report and a media item read differently', () => {
    const phone = event(
      'incident-reported',
      { channel: 'phone', severity: 'relatively-major', source: 'unit' },
      'reporter:gaosheng-zone:u-1',
    );
    const media = event('incident-reported', { channel: 'written', severity: 'general', source: 'media' });
    const mediaRequest = event('verification-requested', { requestId: 'VRQ-2', origin: 'media', mediaSource: '微博' });
    expect(timelineSentence(phone, context, 'zh-CN').text).toBe('高升经济区 电话首报（较大）');
    expect(timelineSentence(phone, context, 'en').text).toBe(
      '高升经济区 made a first report by phone (relatively major)',
    );
    expect(timelineSentence(media, context, 'zh-CN').text).toBe('县政府总值班室 登记媒体（网络）发现的信息（一般）');
    expect(timelineSentence(mediaRequest, context, 'zh-CN').text).toContain('来源：微博');
  });

  it('R-ELEMENTS: a report filed without some elements names them', () => {
    const filed = event(
      'report-filed',
      { reportId: 'RPT-1', kind: 'written', missingElements: ['natureAndCause', 'trendAndNextSteps'] },
      'reporter:gaosheng-zone:u-1',
    );
    expect(timelineSentence(filed, context, 'zh-CN').text).toBe(
      '高升经济区 报送书面报告（缺少：事件性质和原因、发展趋势和下一步工作）',
    );
    expect(timelineSentence(filed, context, 'en').text).toBe(
      '高升经济区 filed the written report (missing: nature and cause, trend and next steps)',
    );
  });

  it('R-LADDER: an escalation names its step and recipient', () => {
    const sent = event(
      'escalation-sent',
      { escalationStep: 1, repeat: 0, name: '张三', channel: 'sms', to: '+8613800000003' },
      'system:deadline-watch',
    );
    expect(timelineSentence(sent, context, 'zh-CN').text).toBe('催报第1级已发给 张三（短信 +8613800000003）');
    expect(timelineSentence(sent, context, 'en').text).toBe('Escalation step 1 sent to 张三 (SMS +8613800000003)');
  });

  it('R-LADDER 确认催报: an acknowledgement in the console names the unit that acted and the contact it acted for', () => {
    const acknowledged = event(
      'escalation-acknowledged',
      {
        obligationId: 'written-report',
        escalationStep: 2,
        code: 'K7Q3PA',
        via: 'console',
        contactId: 'gaosheng-zone.leader',
      },
      'reporter:gaosheng-zone:u-1',
    );
    expect(timelineSentence(acknowledged, context, 'zh-CN').text).toBe(
      '高升经济区 确认收到催报第2级（控制台，代联系人 gaosheng-zone.leader，确认码 K7Q3PA）',
    );
    expect(timelineSentence(acknowledged, context, 'en').text).toBe(
      '高升经济区 acknowledged escalation step 2 (console, for contact gaosheng-zone.leader, code K7Q3PA)',
    );
    const bySms = event('escalation-acknowledged', { escalationStep: 1, code: 'K7Q3PA', via: 'sms' }, 'contact:x.duty');
    expect(timelineSentence(bySms, context, 'zh-CN').text).toBe(
      '联系人 x.duty 确认收到催报第1级（短信，确认码 K7Q3PA）',
    );
  });

  it('every event type has a sentence, in both languages, and an unknown type still reads', () => {
    for (const [type, render] of Object.entries(SENTENCES)) {
      for (const locale of ['zh-CN', 'en'] as const)
        expect(render(event(type, {}), context, locale).length).toBeGreaterThan(0);
    }
    expect(timelineSentence(event('something-new', {}), context, 'en').text).toBe('County duty office something-new');
    expect(actorName('system:deadline-watch', context, 'zh-CN')).toBe('系统');
  });
});
