// Reads prom-client metrics back in tests.
import { engineStepDuration } from '../../src/metrics.ts'

/** How many engine steps engineStepDuration has observed for this engine. */
export async function stepCount(engine: string): Promise<number> {
  const { values } = await engineStepDuration.get()
  return values.find((v) => v.metricName?.endsWith('_count') && v.labels.engine === engine)?.value ?? 0
}
