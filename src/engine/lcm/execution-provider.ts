// Picks the ONNX Runtime execution provider: ENGINE_DEVICE=auto tries the accelerator this platform's
// onnxruntime-node can drive (CUDA on Linux x64, CoreML on macOS, DirectML on Windows) and falls back to
// CPU, keeping the reason each provider was or was not used; an explicit choice that cannot run is an
// ENGINE_DEVICE_UNAVAILABLE error. Pure: the probes come from onnx-session.ts.
import { AppError } from '../../errors.ts'

export type ExecutionDevice = 'cpu' | 'cuda' | 'coreml' | 'dml'
export type RequestedDevice = 'auto' | ExecutionDevice

export interface ProviderProbe {
  device: ExecutionDevice
  available: boolean
  /** Why it can or cannot be used, in words for logs and /api/engines. */
  reason: string
}

export interface DeviceChoice {
  requested: RequestedDevice
  device: ExecutionDevice
  /** One sentence: which provider runs and why the others do not. */
  reason: string
  probes: ProviderProbe[]
}

export const DEVICE_NAMES: Record<ExecutionDevice, string> = {
  cpu: 'CPU',
  cuda: 'CUDA',
  coreml: 'CoreML',
  dml: 'DirectML',
}

/** Accelerators onnxruntime-node ships for a platform, in the order `auto` tries them. */
export function platformAccelerators(platform: string, arch: string): ExecutionDevice[] {
  if (platform === 'linux' && arch === 'x64') return ['cuda']
  if (platform === 'darwin') return ['coreml']
  if (platform === 'win32') return ['dml']
  return []
}

export function chooseDevice(requested: RequestedDevice, probes: ProviderProbe[]): DeviceChoice {
  const notUsed = (p: ProviderProbe) => `${DEVICE_NAMES[p.device]} not used: ${p.reason}`
  if (requested === 'cpu') return { requested, device: 'cpu', reason: 'CPU, as ENGINE_DEVICE=cpu asks', probes }
  if (requested !== 'auto') {
    const p = probes.find((x) => x.device === requested)
    if (p?.available) return { requested, device: requested, reason: `${DEVICE_NAMES[requested]}: ${p.reason}`, probes }
    throw new AppError(
      'ENGINE_DEVICE_UNAVAILABLE',
      `ENGINE_DEVICE=${requested}: the ${DEVICE_NAMES[requested]} execution provider is unavailable here: ` +
        `${p?.reason ?? 'onnxruntime-node offers it on another platform'}; set ENGINE_DEVICE=auto or cpu`,
    )
  }
  const pick = probes.find((p) => p.available && p.device !== 'cpu')
  if (pick) return { requested, device: pick.device, reason: `${DEVICE_NAMES[pick.device]}: ${pick.reason}`, probes }
  const why = probes.filter((p) => p.device !== 'cpu').map(notUsed)
  return {
    requested,
    device: 'cpu',
    reason: why.length ? `CPU (${why.join('; ')})` : 'CPU (no accelerator provider for this platform)',
    probes,
  }
}

/** The choice after a provider failed its first run: CPU, saying what happened. */
export function fallbackToCpu(choice: DeviceChoice, error: string): DeviceChoice {
  return {
    ...choice,
    device: 'cpu',
    reason: `CPU (${DEVICE_NAMES[choice.device]} loaded but its first run failed: ${error})`,
  }
}

/**
 * Runs `attempt` on the chosen device; when an accelerator fails (load or first run), runs it again on
 * CPU and says why, rather than failing the job. Cancellations and bad requests are not device failures.
 */
export async function withCpuFallback<T>(
  device: ExecutionDevice,
  attempt: (device: ExecutionDevice) => Promise<T>,
): Promise<{ value: T; device: ExecutionDevice; fallback?: string }> {
  try {
    return { value: await attempt(device), device }
  } catch (e) {
    const code = (e as { code?: string }).code
    if (device === 'cpu' || code === 'CANCELLED' || code === 'INVALID_INPUT') throw e
    const why = String((e as Error).message ?? e).split('\n')[0]
    const value = await attempt('cpu')
    return { value, device: 'cpu', fallback: `${DEVICE_NAMES[device]} failed (${why}); running on CPU instead` }
  }
}
