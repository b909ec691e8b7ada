import { StoreError } from '../../domain/errors';
import { TableRepository } from '../table';
import { keys } from '../table-design';
import type {
  Acknowledgement,
  AcknowledgementTarget,
  CodeTarget,
  SpotCheckCodeTarget,
} from '../../domain/acknowledgements';

/** R-LADDER, R-SPOTCHECK: reply codes (unique across the table) and the acknowledgements of ladder steps. */
export class AcknowledgementRepository extends TableRepository {
  /**
   * R-LADDER: the acknowledgement code of a ladder step — the same code for every repeat and
   * every recipient of the step. The first call issues it: the code is reserved globally (codes
   * are unique), then pointed to from the incident; a racing call adopts whichever pointer won.
   */
  public async acknowledgementCodeFor(
    target: Omit<AcknowledgementTarget, 'code'>,
    newCode: () => string,
  ): Promise<string> {
    const pointerKey = keys.stepAcknowledgementCode(target.incidentId, target.obligationId, target.escalationStep);
    const existing = await this.getItem<AcknowledgementTarget>(pointerKey);
    if (existing) return existing.code;
    const code = await this.reserveCode(target, newCode);
    if (await this.putNew(pointerKey, 'acknowledgement-code', { ...target, code })) return code;
    // A racing call pointed the step at its own code first: adopt it (ours stays unused).
    return (await this.getItem<AcknowledgementTarget>(pointerKey))?.code ?? code;
  }

  /** R-LADDER: the code a ladder step was issued when it was first sent, or undefined when it never was. */
  public async stepCodeOf(
    incidentId: string,
    obligationId: string,
    escalationStep: number,
  ): Promise<string | undefined> {
    return (
      await this.getItem<AcknowledgementTarget>(keys.stepAcknowledgementCode(incidentId, obligationId, escalationStep))
    )?.code;
  }

  /** Reserves a fresh reply code for a target; codes are unique across the table. */
  private async reserveCode(
    target: Omit<AcknowledgementTarget, 'code'> | Omit<SpotCheckCodeTarget, 'code'>,
    newCode: () => string,
  ): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const code = newCode();
      if (await this.putNew(keys.acknowledgementCode(code), 'acknowledgement-code', { ...target, code })) return code;
    }
    throw new StoreError(`No free reply code for ${JSON.stringify(target)} after 5 attempts`);
  }

  /** The ladder step or spot check a code belongs to, or undefined. */
  public async findAcknowledgementCode(code: string): Promise<CodeTarget | undefined> {
    return this.getItem<CodeTarget>(keys.acknowledgementCode(code));
  }

  /** R-SPOTCHECK: reserves a fresh reply code for a spot check (codes are unique across the table). */
  public async reserveSpotCheckCode(spotCheckId: string, newCode: () => string): Promise<string> {
    return this.reserveCode({ spotCheckId }, newCode);
  }

  /** Records an acknowledgement of a ladder step; the first one wins. True when this one was first. */
  public async putAcknowledgement(acknowledgement: Acknowledgement): Promise<boolean> {
    return this.putNew(
      keys.acknowledgement(acknowledgement.incidentId, acknowledgement.obligationId, acknowledgement.escalationStep),
      'acknowledgement',
      acknowledgement,
    );
  }

  public async getAcknowledgement(
    incidentId: string,
    obligationId: string,
    escalationStep: number,
  ): Promise<Acknowledgement | undefined> {
    return this.getItem<Acknowledgement>(keys.acknowledgement(incidentId, obligationId, escalationStep));
  }
}
