/** How a failure reads inside the message of the error that wraps it: `ThrottlingException: Rate exceeded`. */
export function sdkErrorText(error: unknown): string {
  return `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`;
}
