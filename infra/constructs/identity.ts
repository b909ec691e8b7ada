import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { AccountRecovery, ClientAttributes, FeaturePlan, Mfa, StandardThreatProtectionMode, StringAttribute, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface IdentityProps {
  /** An existing OIDC issuer to trust instead of creating a user pool (CDK context `oidcIssuer`). */
  oidcIssuer?: string;
  /** The audience its tokens carry (CDK context `oidcAudience`); required with `oidcIssuer`. */
  oidcAudience?: string;
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

  public constructor(scope: Construct, id: string, props: IdentityProps = {}) {
    super(scope, id);
    if (props.oidcIssuer) {
      if (!props.oidcAudience) throw new Error('CDK context oidcAudience is required with oidcIssuer');
      this.authorizer = new HttpJwtAuthorizer('OidcAuthorizer', props.oidcIssuer, { jwtAudience: [props.oidcAudience] });
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
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection blocks sign-ins with leaked or guessed passwords (a few cents per user a month).
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const standardOnly = new ClientAttributes().withStandardAttributes({ email: true, fullname: true, phoneNumber: true });
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(12),
      accessTokenValidity: Duration.hours(12),
      readAttributes: standardOnly.withCustomAttributes('role', 'unitId'),
      // Users may not change their own role or unit.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    const issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
    // ID tokens carry the custom attributes; their audience is the app client.
    this.authorizer = new HttpJwtAuthorizer('UserPoolAuthorizer', issuer, { jwtAudience: [this.userPoolClient.userPoolClientId] });
  }
}

