// The one duration formatter — poster, CLI, error messages and the browser (which loads the same file,
// web/js/duration.js): round to the nearest second first, then split, so 239.6 s is "4:00".
export { formatDuration } from '../../web/js/duration.js'
