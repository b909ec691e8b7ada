import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClientIdentityProvider,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface IdentityProps {
  /** An existing OIDC issuer to trust instead of creating a user pool (CDK context `oidcIssuer`). */
  oidcIssuer?: string;
  /** The audience its tokens carry (CDK context `oidcAudience`); required with `oidcIssuer`. */
  oidcAudience?: string;
  /**
   * With `oidcIssuer`: its authorization and token endpoints, for the console's sign-in (`oidcAuthorizeUrl`,
   * `oidcTokenUrl`).
   */
  oidcAuthorizeUrl?: string;
  oidcTokenUrl?: string;
  /** The duty console's address: the only place sign-in may return to. */
  consoleUrl: string;
}

/** How the console signs in: OAuth 2.0 authorization code with PKCE, public client, ID token as Bearer. */
export interface ConsoleSignIn {
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl?: string;
  clientId: string;
  scopes: string[];
}

/**
 * Who the callers are: a Cognito user pool whose users carry `custom:role` (reporter,
 * duty-officer, admin) and, for reporters, `custom:unitId` — set by an administrator, never by
 * the user (the app client may read them, not write them) — or an existing OIDC issuer whose
 * ID tokens carry the same claims. The HTTP API checks every token with a JWT authorizer.
 */
export class IdentityConstruct extends Construct {
  public readonly authorizer: HttpJwtAuthorizer;
  public readonly userPool?: UserPool;
  public readonly userPoolClient?: UserPoolClient;
  public readonly consoleClient?: UserPoolClient;
  public readonly consoleSignIn: ConsoleSignIn;

  public constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    if (props.oidcIssuer) {
      if (!props.oidcAudience) throw new Error('CDK context oidcAudience is required with oidcIssuer');
      if (!props.oidcAuthorizeUrl || !props.oidcTokenUrl)
        throw new Error(
          'CDK context oidcAuthorizeUrl and oidcTokenUrl are required with oidcIssuer: the duty console signs in there',
        );
      this.authorizer = new HttpJwtAuthorizer('OidcAuthorizer', props.oidcIssuer, {
        jwtAudience: [props.oidcAudience],
      });
      this.consoleSignIn = {
        authorizeUrl: props.oidcAuthorizeUrl,
        tokenUrl: props.oidcTokenUrl,
        clientId: props.oidcAudience,
        scopes: ['openid', 'profile'],
      };
      return;
    }
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${Stack.of(this).stackName}-users`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      customAttributes: {
        role: new StringAttribute({ minLen: 1, maxLen: 20, mutable: true }),
        unitId: new StringAttribute({ minLen: 1, maxLen: 100, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection blocks sign-ins with leaked or guessed passwords (a few cents per user a month).
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const standardOnly = new ClientAttributes().withStandardAttributes({
      email: true,
      fullname: true,
      phoneNumber: true,
    });
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(12),
      accessTokenValidity: Duration.hours(12),
      readAttributes: standardOnly.withCustomAttributes('role', 'unitId'),
      // Users may not change their own role or unit.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    // The duty console signs in through the user pool's managed login (code + PKCE, no client secret in a browser).
    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [props.consoleUrl],
        logoutUrls: [props.consoleUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(12),
      accessTokenValidity: Duration.hours(12),
      readAttributes: standardOnly.withCustomAttributes('role', 'unitId'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    // A prefix unique to the stack and account (prefixes are global per region).
    const domain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: `${Stack.of(this).stackName.toLowerCase()}-${Aws.ACCOUNT_ID}` },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    new CfnManagedLoginBranding(this, 'SignInBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.consoleClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    this.consoleSignIn = {
      authorizeUrl: `${domain.baseUrl()}/oauth2/authorize`,
      tokenUrl: `${domain.baseUrl()}/oauth2/token`,
      logoutUrl: `${domain.baseUrl()}/logout`,
      clientId: this.consoleClient.userPoolClientId,
      scopes: ['openid', 'email', 'profile'],
    };
    const issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
    // ID tokens carry the custom attributes; their audience is the app client that signed the user in.
    this.authorizer = new HttpJwtAuthorizer('UserPoolAuthorizer', issuer, {
      jwtAudience: [this.userPoolClient.userPoolClientId, this.consoleClient.userPoolClientId],
    });
  }
}
