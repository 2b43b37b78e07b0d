import { widgetSnippet } from '../../../../contracts/channels';
import { CodeBlock } from '@/components/code-block';
import { appOrigin } from '../kinds';

/** The web widget's script tag, to paste before `</body>` on each page of the allowed sites. */
export function EmbedSnippet({ publicKey }: { publicKey: string }) {
  return (
    <div className="space-y-2">
      <p className="text-sm text-muted">
        Paste this before <code className="font-mono text-xs">&lt;/body&gt;</code> on every page that should show the chat. It works only on the sites listed
        under allowed origins.
      </p>
      <CodeBlock label="Widget embed code" code={widgetSnippet(appOrigin(), publicKey)} />
    </div>
  );
}
