/**
 * What the console needs to know about where it runs, from `config.json` beside it: written by
 * the local runtime for `npm start`, and by the CDK stack (BucketDeployment) in AWS.
 */
export interface ConsoleConfig {
  /** The API's base URL; empty when the API is on the console's own origin (local runtime). */
  apiUrl: string;
  auth:
    | { mode: 'local' }
    | { mode: 'oauth'; authorizeUrl: string; tokenUrl: string; logoutUrl?: string; clientId: string; scopes: string[] };
  workflow:
    | { mode: 'local' }
    | { mode: 'aws'; region: string; incidentStateMachineArn: string; obligationStateMachineArn: string };
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}
