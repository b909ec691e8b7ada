import { TableRepository } from '../table';
import { keys } from '../table-design';
import type {
  Instruction,
  InstructionFeedback,
  Report,
  VerificationAnswer,
  VerificationRequest,
} from '../../domain/incident';

/** The documents filed on an incident: reports, verification requests and answers, instructions and their feedback. */
export class DocumentRepository extends TableRepository {
  public async putReport(report: Report): Promise<boolean> {
    return this.putNew(keys.report(report.incidentId, report.receivedAt, report.reportId), 'report', report);
  }

  public async putVerificationRequest(request: VerificationRequest): Promise<boolean> {
    return this.putNew(
      keys.verificationRequest(request.incidentId, request.requestId),
      'verification-request',
      request,
    );
  }

  public async getVerificationRequest(incidentId: string, requestId: string): Promise<VerificationRequest | undefined> {
    return this.getItem<VerificationRequest>(keys.verificationRequest(incidentId, requestId));
  }

  /**
   * R-VERIFY-20-40: the answer on one channel of a request. One per channel, keyed by it, so of
   * answers racing each other exactly one is stored. False when one was stored first.
   */
  public async putVerificationAnswer(answer: VerificationAnswer): Promise<boolean> {
    return this.putNew(keys.answer(answer.incidentId, answer.requestId, answer.channel), 'verification-answer', answer);
  }

  /** The answer already stored on that channel, if any. */
  public async getVerificationAnswer(
    incidentId: string,
    requestId: string,
    channel: VerificationAnswer['channel'],
  ): Promise<VerificationAnswer | undefined> {
    return this.getItem<VerificationAnswer>(keys.answer(incidentId, requestId, channel));
  }

  public async putInstruction(instruction: Instruction): Promise<boolean> {
    return this.putNew(keys.instruction(instruction.incidentId, instruction.instructionId), 'instruction', instruction);
  }

  public async getInstruction(incidentId: string, instructionId: string): Promise<Instruction | undefined> {
    return this.getItem<Instruction>(keys.instruction(incidentId, instructionId));
  }

  /**
   * R-INSTRUCTION-12H: the feedback on an instruction. One per instruction, so of racing ones exactly one is stored.
   */
  public async putInstructionFeedback(feedback: InstructionFeedback): Promise<boolean> {
    return this.putNew(keys.feedback(feedback.incidentId, feedback.instructionId), 'instruction-feedback', feedback);
  }

  /** The feedback already stored on that instruction, if any. */
  public async getInstructionFeedback(
    incidentId: string,
    instructionId: string,
  ): Promise<InstructionFeedback | undefined> {
    return this.getItem<InstructionFeedback>(keys.feedback(incidentId, instructionId));
  }
}
