// Model manifests: which files make a model, where they come from, how big they are and, where
// known, their sha256. URLs point at a public ONNX export (optimum layout) of
// SimianLuo/LCM_Dreamshaper_v7 on the Hugging Face hub; sizes are the approximate fp32 sizes from
// lcm-onnx.md. We have not been able to hash the published files from this machine (no internet),
// so sha256 is undefined and downloads are checked by size; set a hash here once verified.

export interface ModelFile {
  /** Path inside the model folder, e.g. "unet/model.onnx". */
  path: string
  url: string
  /** Approximate bytes, for progress; the server's Content-Length wins. */
  bytes?: number
  sha256?: string
  optional?: boolean
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
    description: 'Latent Consistency Model distilled from Dreamshaper v7 (SD 1.5), ONNX fp32, optimum layout',
    licence: 'CreativeML OpenRAIL-M (see the model card)',
    files: [
      { path: 'text_encoder/model.onnx', url: `${HUB}/text_encoder/model.onnx`, bytes: 492_000_000 },
      { path: 'unet/model.onnx', url: `${HUB}/unet/model.onnx`, bytes: 3_440_000_000 },
      { path: 'vae_decoder/model.onnx', url: `${HUB}/vae_decoder/model.onnx`, bytes: 198_000_000 },
      { path: 'tokenizer/vocab.json', url: `${HUB}/tokenizer/vocab.json`, optional: true },
      { path: 'tokenizer/merges.txt', url: `${HUB}/tokenizer/merges.txt`, optional: true },
      { path: 'scheduler/scheduler_config.json', url: `${HUB}/scheduler/scheduler_config.json`, optional: true },
    ],
  },
}
