import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, useApi } from './api';
import {
  claimsOf,
  completeOauthSignIn,
  idToken,
  signInLocally,
  signOut,
  startOauthSignIn,
  type TokenClaims,
} from './auth';
import { loadConfig, type ConsoleConfig } from './config';
import { navigate, route } from './router';
import { locale, setLocale, t } from './i18n';
import type { UnitSummary } from './types';
import { Board } from './views/Board';
import { ErrorNote, FormError } from './views/common';
import { Evaluation } from './views/Evaluation';
import { IncidentDetail } from './views/IncidentDetail';
import { ReporterRoutes } from './views/reporter/ReporterRoutes';
import './style.css';

function App({ config }: { config: ConsoleConfig }) {
  const claims = claimsOf(idToken.value);
  const view = route.value;
  const [units, setUnits] = useState<UnitSummary[]>([]);
  const [unitsError, setUnitsError] = useState<Error>();
  useEffect(() => {
    if (claims) getJson<{ units: UnitSummary[] }>('/units').then((body) => setUnits(body.units), setUnitsError);
  }, [idToken.value]);
  const canAct = claims?.role === 'duty-officer';
  const canEvaluate = claims?.role === 'duty-officer' || claims?.role === 'admin';
  return (
    <>
      <header>
        <h1>{t('appTitle')}</h1>
        <nav>
          {claims && (
            <button
              type="button"
              class={view.name !== 'evaluation' ? 'active' : ''}
              onClick={() => navigate({ name: 'board' })}
            >
              {t('board')}
            </button>
          )}
          {claims && canEvaluate && (
            <button
              type="button"
              data-testid="tab-evaluation"
              class={view.name === 'evaluation' ? 'active' : ''}
              onClick={() => navigate({ name: 'evaluation' })}
            >
              {t('evaluation')}
            </button>
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
          {claims && (
            <span>
              {t('signedInAs')}: {t(`role.${claims.role}`)}
              {claims.unitId ? ` · ${claims.unitId}` : ''}
            </span>
          )}
          {claims && (
            <button type="button" onClick={() => signOut(config)}>
              {t('signOut')}
            </button>
          )}
        </div>
      </header>
      <main>
        <p class="muted">{t('timesNote')}</p>
        <ErrorNote error={unitsError} />
        {!claims && <SignIn config={config} />}
        {claims?.role === 'reporter' && claims.unitId && <ReporterRoutes view={view} unitId={claims.unitId} />}
        {claims && claims.role !== 'reporter' && view.name === 'board' && (
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
      </main>
    </>
  );
}

function SignIn({ config }: { config: ConsoleConfig }) {
  const [role, setRole] = useState<TokenClaims['role']>('duty-officer');
  const [unitId, setUnitId] = useState('gaosheng-zone');
  const [error, setError] = useState<Error>();
  if (config.auth.mode === 'oauth') {
    const auth = config.auth;
    return (
      <p>
        <button type="button" onClick={() => startOauthSignIn(auth).catch(setError)}>
          {t('signIn')}
        </button>
        <FormError error={error} />
      </p>
    );
  }
  return (
    <form
      class="inline-form"
      data-testid="local-sign-in"
      onSubmit={(event) => {
        event.preventDefault();
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
          {t('unit')} <input name="unitId" value={unitId} onInput={(event) => setUnitId(event.currentTarget.value)} />
        </label>
      )}
      <button type="submit">{t('signIn')}</button>
      <FormError error={error} />
    </form>
  );
}

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  document.documentElement.lang = locale.value;
  try {
    const config = await loadConfig();
    useApi(config);
    if (config.auth.mode === 'oauth') await completeOauthSignIn(config.auth);
    render(<App config={config} />, root);
  } catch (error) {
    render(<p class="error">{(error as Error).message}</p>, root);
  }
}

void start();
