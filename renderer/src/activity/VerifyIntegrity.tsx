import { useVerifyAudit } from '../api/mutations';
import { ErrorPanel } from '../components/ErrorPanel';

/** "Verify integrity": checks the hash chain and every signature in main; names the first bad line. */
export function VerifyIntegrity() {
  const verify = useVerifyAudit();
  const report = verify.data;
  return (
    <div className="verify">
      <button type="button" className="button" aria-disabled={verify.isPending} onClick={() => !verify.isPending && verify.mutate()}>
        {verify.isPending ? 'Verifying…' : 'Verify integrity'}
      </button>
      {report?.ok ? (
        <p className="success" role="status">
          Intact: {report.entries.toLocaleString('en-US')} {report.entries === 1 ? 'entry' : 'entries'}, chain and signatures check out.
        </p>
      ) : null}
      {report && !report.ok ? (
        <div className="error-panel" role="alert">
          <p className="error-head">
            <strong className="error-title">The audit log was changed</strong>
          </p>
          <p className="error-message">
            Line {report.badLine}: {report.problem}.
          </p>
          <p className="error-hint">Keep a copy of the log and tell your security team. New entries still chain on.</p>
        </div>
      ) : null}
      {verify.isError ? <ErrorPanel error={verify.error} onRetry={() => verify.mutate()} /> : null}
    </div>
  );
}
