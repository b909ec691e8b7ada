// Issue 14 — duty office: the parts of GET /incidents/{id} the incident document and the printed 书面报告 read
// (functions/api/get-incident.ts answers the whole IncidentRecord). Type-only: nothing of the domain is bundled.
import type { Acknowledgement } from '../../functions/domain/acknowledgements';
import type {
  Incident,
  Instruction,
  InstructionFeedback,
  Report,
  VerificationAnswer,
  VerificationRequest,
} from '../../functions/domain/incident';
import type { IncidentDetail } from './types';

export type { Report };

export interface IncidentDocument
  extends
    IncidentDetail,
    Pick<
      Incident,
      'category' | 'mediaSource' | 'verified' | 'firstReportChannel' | 'summary' | 'casualties' | 'reporter'
    > {
  reports: Report[];
  verificationRequests: VerificationRequest[];
  verificationAnswers: VerificationAnswer[];
  instructions: Instruction[];
  instructionFeedback: InstructionFeedback[];
  acknowledgements: Acknowledgement[];
}

/** GET /categories. */
export interface CategoriesResponse {
  classes: {
    id: string;
    name: Record<'zh-CN' | 'en', string>;
    categories: { id: string; name: Record<'zh-CN' | 'en', string> }[];
  }[];
  severities: { id: string; name: Record<'zh-CN' | 'en', string> }[];
}
