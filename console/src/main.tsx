import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, useApi } from './api';
import {
  claimsOf,
  completeOauthSignIn,
  idToken,
  localUnits,
  sessionExpired,
  SignInError,
  signInLocally,
  signOut,
  startOauthSignIn,
  type LocalUnit,
  type TokenClaims,
} from './auth';
import { loadConfig, type ConsoleConfig } from './config';
import { hrefOf, navigate, parseRoute, route } from './router';
import { formatClock, locale, setLocale, t } from './i18n';
import type { UnitSummary } from './types';
import { Board } from './views/Board';
import { ErrorNote } from './views/common';
import { DirectoryList, DirectoryUnit } from './views/Directory';
import { Evaluation } from './views/Evaluation';
import { IncidentDetail } from './views/IncidentDetail';
import { Intake } from './views/Intake';
import { PrintReport } from './views/ReportDocument';
import { ReporterRoutes } from './views/reporter/ReporterRoutes';
import './style.css';

function App({ config }: { config: ConsoleConfig }) {
  const claims = claimsOf(idToken.value);
  // Issue 14 item 10: an expired session keeps the page (greyed, inert, nothing polling) under a banner to sign in
  // again; signing in there returns to the same page, as the URL kept it.
  const expired = sessionExpired.value;
  const signedIn = claims !== undefined && !expired;
  const view = route.value;
  const [units, setUnits] = useState<UnitSummary[]>([]);
  const [unitsError, setUnitsError] = useState<Error>();
  // Issue 15: a change made on the directory's page is the name every other page shows next.
  const [directoryVersion, setDirectoryVersion] = useState(0);
  useEffect(() => {
    if (signedIn) getJson<{ units: UnitSummary[] }>('/units').then((body) => setUnits(body.units), setUnitsError);
  }, [idToken.value, signedIn, directoryVersion]);
  const canAct = claims?.role === 'duty-officer';
  // R-EVAL: the county duty office evaluates; admins keep the directory and see no incident data (API: 403).
  const canEvaluate = claims?.role === 'duty-officer';
  // Issue 15: admins and the county duty office keep the directory; an admin sees no incident data, so the
  // directory is the admin's home (and the board is not offered).
  const canKeepDirectory = claims?.role === 'duty-officer' || claims?.role === 'admin';
  const isAdmin = claims?.role === 'admin';
  const onDirectory = view.name === 'directory' || view.name === 'directory-unit' || (isAdmin && view.name === 'board');
  return (
    <>
      <header>
        <h1>{t(claims?.role === 'reporter' ? 'appTitleReporter' : 'appTitle')}</h1>
        <nav>
          {signedIn && !isAdmin && (
            <button
              type="button"
              class={view.name !== 'evaluation' && !onDirectory ? 'active' : ''}
              onClick={() => navigate({ name: 'board' })}
            >
              {t(claims?.role === 'reporter' ? 'reporterHomeTab' : 'board')}
            </button>
          )}
          {signedIn && canEvaluate && (
            <button
              type="button"
              data-testid="tab-evaluation"
              class={view.name === 'evaluation' ? 'active' : ''}
              onClick={() => navigate({ name: 'evaluation' })}
            >
              {t('evaluation')}
            </button>
          )}
          {signedIn && canKeepDirectory && (
            <a
              class={`tab${onDirectory ? ' active' : ''}`}
              data-testid="tab-directory"
              href={hrefOf({ name: 'directory' })}
              aria-current={onDirectory ? 'page' : undefined}
            >
              {t('dir.tab')}
            </a>
          )}
        </nav>
        <div class="account">
          <button
            type="button"
            data-testid="switch-language"
            onClick={() => setLocale(locale.value === 'zh-CN' ? 'en' : 'zh-CN')}
          >
            {t('switchLanguage')}
          </button>
          {signedIn && (
            <span class="who" data-testid="signed-in">
              {t('signedInAs')}: {t(`role.${claims.role}`)}
              {claims.unitId ? ` · ${unitNameOf(units, claims.unitId)}` : ''}
              <span class="session-until" data-testid="session-until">
                {t('sessionUntil').replace('{time}', formatClock(claims.exp * 1000))}
              </span>
            </span>
          )}
          {signedIn && (
            <button type="button" onClick={() => signOut(config)}>
              {t('signOut')}
            </button>
          )}
        </div>
      </header>
      {expired && <ExpiredBanner config={config} />}
      <main class={expired ? 'expired' : ''} inert={expired}>
        <p class="muted">{t('timesNote')}</p>
        <ErrorNote error={unitsError} />
        {!claims && <SignIn config={config} />}
        {claims && canAct && view.name === 'board' && (
          // Issue 14 — duty office: R-INTAKE (a call logged for a unit) and R-MEDIA (a media item).
          <p class="duty-intake-links no-print">
            <a class="duty-button" data-testid="go-intake-phone" href={hrefOf({ name: 'intake-phone' })}>
              {t('duty.intakePhone')}
            </a>
            <a class="duty-button" data-testid="go-intake-media" href={hrefOf({ name: 'intake-media' })}>
              {t('duty.intakeMedia')}
            </a>
          </p>
        )}
        {claims?.role === 'reporter' && claims.unitId && <ReporterRoutes view={view} unitId={claims.unitId} />}
        {claims && claims.role !== 'reporter' && !isAdmin && view.name === 'board' && (
          <Board
            units={units}
            canAct={canAct}
            onOpenIncident={(incidentId) => navigate({ name: 'incident', incidentId })}
          />
        )}
        {claims && view.name === 'incident' && !(claims.role === 'reporter' && view.obligationId) && (
          <IncidentDetail
            incidentId={view.incidentId}
            config={config}
            units={units}
            canAct={canAct}
            onBack={() => navigate({ name: 'board' })}
          />
        )}
        {claims && view.name === 'evaluation' && canEvaluate && <Evaluation />}
        {claims && canKeepDirectory && (view.name === 'directory' || (isAdmin && view.name === 'board')) && (
          <DirectoryList />
        )}
        {claims && canKeepDirectory && view.name === 'directory-unit' && (
          <DirectoryUnit unitId={view.unitId} onChanged={() => setDirectoryVersion((version) => version + 1)} />
        )}
        {claims && canAct && view.name === 'intake-phone' && <Intake units={units} mode="phone" />}
        {claims && canAct && view.name === 'intake-media' && <Intake units={units} mode="media" />}
        {claims && view.name === 'report-print' && (
          <PrintReport incidentId={view.incidentId} reportId={view.reportId} units={units} />
        )}
      </main>
    </>
  );
}

/** The unit's name in the current language (its ID until the directory arrived). */
const unitNameOf = (units: { unitId: string; name: Record<'zh-CN' | 'en', string> }[], unitId: string) =>
  units.find((unit) => unit.unitId === unitId)?.name[locale.value] ?? unitId;

/** Issue 14 item 10: the session ended; the page below is stale until the user signs in again. */
function ExpiredBanner({ config }: { config: ConsoleConfig }) {
  const [open, setOpen] = useState(false);
  return (
    <div class="expired-banner" role="alert" data-testid="session-expired">
      <strong>{t('sessionExpired')}</strong>
      {config.auth.mode === 'local' && open ? (
        <SignIn config={config} />
      ) : (
        <button
          type="button"
          data-testid="sign-in-again"
          onClick={() => {
            if (config.auth.mode === 'oauth') startOauthSignIn(config.auth).catch(() => undefined);
            else setOpen(true);
          }}
        >
          {t('signInAgain')}
        </button>
      )}
    </div>
  );
}

/** A sign-in failure in the user's language (never "HTTP 400"). */
function signInErrorText(error: Error): string {
  if (error instanceof SignInError) return t(`signInError.${error.reason}`);
  return t('signInError.refused');
}

/**
 * Issue 14 item 1: locally, a role and — for a reporter — a unit picked from the directory (`GET /local/units`,
 * readable before signing in), never typed: a typo signed in to an empty board.
 */
function SignIn({ config }: { config: ConsoleConfig }) {
  const [role, setRole] = useState<TokenClaims['role']>('duty-officer');
  const [unitId, setUnitId] = useState('');
  const [units, setUnits] = useState<LocalUnit[]>([]);
  const [error, setError] = useState<Error>();
  useEffect(() => {
    if (config.auth.mode === 'local') localUnits(config).then(setUnits, setError);
  }, []);
  if (config.auth.mode === 'oauth') {
    const auth = config.auth;
    return (
      <p>
        <button type="button" onClick={() => startOauthSignIn(auth).catch(setError)}>
          {t('signIn')}
        </button>
        {error && (
          <span class="error" role="alert">
            {signInErrorText(error)}
          </span>
        )}
      </p>
    );
  }
  return (
    <form
      class="inline-form sign-in"
      data-testid="local-sign-in"
      onSubmit={(event) => {
        event.preventDefault();
        setError(undefined);
        signInLocally(config, role, role === 'reporter' ? unitId : undefined).catch(setError);
      }}
    >
      <p>{t('localSignInHint')}</p>
      <label>
        {t('role')}{' '}
        <select
          name="role"
          value={role}
          onChange={(event) => setRole(event.currentTarget.value as TokenClaims['role'])}
        >
          {(['duty-officer', 'admin', 'reporter'] as const).map((option) => (
            <option key={option} value={option}>
              {t(`role.${option}`)}
            </option>
          ))}
        </select>
      </label>
      {role === 'reporter' && (
        <label>
          {t('unit')}{' '}
          <select name="unitId" required value={unitId} onChange={(event) => setUnitId(event.currentTarget.value)}>
            <option value="" disabled>
              {t('chooseUnit')}
            </option>
            {units.map((unit) => (
              <option key={unit.unitId} value={unit.unitId}>
                {unit.name[locale.value]}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit">{t('signIn')}</button>
      {error && (
        <p class="error" role="alert" data-testid="sign-in-error">
          {signInErrorText(error)}
        </p>
      )}
    </form>
  );
}

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  document.documentElement.lang = locale.value;
  try {
    const config = await loadConfig();
    useApi(config);
    if (config.auth.mode === 'oauth') {
      await completeOauthSignIn(config.auth);
      // The sign-in came back to the page it left from (a history.replaceState, which fires no hashchange).
      route.value = parseRoute(location.hash);
    }
    render(<App config={config} />, root);
  } catch (error) {
    render(
      <p class="error" role="alert">
        {error instanceof SignInError ? signInErrorText(error) : `${t('startFailed')} ${(error as Error).message}`}
      </p>,
      root,
    );
  }
}

void start();
