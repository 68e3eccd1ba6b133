/**
 * The outcome of an exec/attach as remotecommand clients read it from the
 * error channel: a metav1.Status in v4+ protocols (exit codes as
 * NonZeroExitCode causes), plain text in older ones.
 */
import { isK8sError } from '../../../base/errors.ts';

/** What the error channel carries for `result` (exit code or a thrown error). */
export function remoteStatus(result: { code: number } | { error: unknown }, cmd: string[], v4: boolean): Buffer | undefined {
  if ('code' in result) {
    if (result.code === 0) return v4 ? Buffer.from(JSON.stringify({ metadata: {}, status: 'Success' })) : undefined;
    const message = `command terminated with non-zero exit code: error executing command [${cmd.join(' ')}], exit code ${result.code}`;
    if (!v4) return Buffer.from(message);
    return Buffer.from(JSON.stringify({
      metadata: {}, status: 'Failure', message, reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(result.code) }] },
    }));
  }
  const e = result.error;
  const message = isK8sError(e) ? e.message : (e as Error)?.message ?? String(e);
  if (!v4) return Buffer.from(message);
  return Buffer.from(JSON.stringify({
    metadata: {}, status: 'Failure', message, reason: isK8sError(e) ? e.code : 'InternalError', code: isK8sError(e) ? e.httpStatus : 500,
  }));
}
