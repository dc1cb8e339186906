// Model manifests: which files make a model, where they come from, how big they are and, where known,
// their sha256. URLs point at a public ONNX export of SimianLuo/LCM_Dreamshaper_v7 on the Hugging Face
// hub. An fp32 UNet cannot fit in one protobuf (2 GiB limit): its weights sit in an external-data file
// beside unet/model.onnx. Public loaders of this export name it unet/weights.pb (diffusers' exporter);
// optimum exports name it model.onnx_data. The graph itself is the authority: the downloader fetches
// whatever files its initializers name, and an `external` entry here only supplies size and hash hints.
// Hashes: unknown from this machine (no internet); the hub's X-Linked-Etag verifies LFS files instead.

export interface ModelFile {
  /** Path inside the model folder, e.g. "unet/model.onnx". */
  path: string
  url: string
  /** Approximate bytes, for progress; the server's Content-Length wins. */
  bytes?: number
  sha256?: string
  optional?: boolean
  /** External data of a graph: fetched only when a downloaded graph names it. */
  external?: boolean
  /** Smallest size the naming graph reads (max offset + length), checked after download. */
  minBytes?: number
}

export interface ModelManifest {
  name: string
  description: string
  licence: string
  files: ModelFile[]
}

const HUB = 'https://huggingface.co/TheyCallMeHex/LCM-Dreamshaper-V7-ONNX/resolve/main'

export const MANIFESTS: Record<string, ModelManifest> = {
  'lcm-dreamshaper-v7': {
    name: 'lcm-dreamshaper-v7',
    description: 'Latent Consistency Model distilled from Dreamshaper v7 (SD 1.5), ONNX fp32, UNet with external data',
    licence: 'CreativeML OpenRAIL-M (see the model card)',
    files: [
      { path: 'text_encoder/model.onnx', url: `${HUB}/text_encoder/model.onnx`, bytes: 492_000_000 },
      { path: 'unet/model.onnx', url: `${HUB}/unet/model.onnx`, bytes: 1_000_000 },
      { path: 'unet/weights.pb', url: `${HUB}/unet/weights.pb`, bytes: 3_440_000_000, external: true },
      { path: 'unet/model.onnx_data', url: `${HUB}/unet/model.onnx_data`, bytes: 3_440_000_000, external: true },
      { path: 'vae_decoder/model.onnx', url: `${HUB}/vae_decoder/model.onnx`, bytes: 198_000_000 },
      { path: 'tokenizer/vocab.json', url: `${HUB}/tokenizer/vocab.json`, optional: true },
      { path: 'tokenizer/merges.txt', url: `${HUB}/tokenizer/merges.txt`, optional: true },
      { path: 'scheduler/scheduler_config.json', url: `${HUB}/scheduler/scheduler_config.json`, optional: true },
    ],
  },
}
