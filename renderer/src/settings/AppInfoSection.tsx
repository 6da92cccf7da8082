import { useAppInfo } from '../api/queries';
import { ErrorPanel } from '../components/ErrorPanel';
import { Fact } from '../components/Fact';
import { Loading } from '../components/Loading';
import { Section } from '../components/Section';
import { KeychainFact } from './KeychainFact';

export function AppInfoSection() {
  const info = useAppInfo();
  return (
    <Section title="Application">
      {info.isPending ? <Loading label="Loading application details…" /> : null}
      {info.isError ? <ErrorPanel error={info.error} onRetry={() => void info.refetch()} /> : null}
      {info.data ? (
        <dl className="facts">
          <Fact term="Version">{info.data.version}</Fact>
          <Fact term="Data directory">
            <code className="path">{info.data.dataDir}</code>
          </Fact>
          <Fact term="Platform">{info.data.platform}</Fact>
          <KeychainFact status={info.data.keychain} />
        </dl>
      ) : null}
    </Section>
  );
}
