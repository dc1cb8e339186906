// YouTube playlists for batches: a playlist link names its list ID, and the list expands to its first
// video IDs (capped, 25 by default) through youtubei.js. The client is injected so tests use a fake.
import { AppError } from '../errors.ts'
import { readYouTubeUrl, VIDEO_ID_RE } from '../../web/js/youtube-url.js'

const LIST_ID_RE = /^[A-Za-z0-9_-]{10,64}$/

/** The part of a youtubei.js Playlist page we use. */
export interface PlaylistPage {
  videos: readonly { id?: string }[]
  has_continuation: boolean
  getContinuation(): Promise<PlaylistPage>
}

export interface PlaylistClient {
  getPlaylist(listId: string): Promise<PlaylistPage>
}

/**
 * The list ID of a link that names a playlist and no single video (youtube.com/playlist?list=...);
 * null for anything else. A watch link with a list still names one video: that video is meant.
 */
export function playlistIdOf(input: string): string | null {
  if (readYouTubeUrl(input).id) return null
  let url: URL
  try {
    const text = input.trim()
    url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`)
  } catch {
    return null
  }
  const host = url.hostname.toLowerCase()
  if (!/^(www\.|m\.|music\.)?youtube\.com$/.test(host) || url.username || url.port) return null
  const list = url.searchParams.get('list') ?? ''
  return url.pathname.replace(/\/+$/, '') === '/playlist' && LIST_ID_RE.test(list) ? list : null
}

/** The first `max` video IDs of a playlist, in order, without repeats. */
export async function expandPlaylist(client: PlaylistClient, listId: string, max = 25): Promise<string[]> {
  const ids: string[] = []
  let page: PlaylistPage
  try {
    page = await client.getPlaylist(listId)
    for (;;) {
      for (const v of page.videos) if (v.id && VIDEO_ID_RE.test(v.id) && !ids.includes(v.id)) ids.push(v.id)
      if (ids.length >= max || !page.has_continuation) break
      page = await page.getContinuation()
    }
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('VIDEO_UNAVAILABLE', `playlist ${listId} could not be read; it may be private`, { cause: e })
  }
  if (!ids.length) throw new AppError('VIDEO_UNAVAILABLE', `playlist ${listId} has no playable videos`)
  return ids.slice(0, max)
}

/** A playlist reader on a real youtubei.js client, created on first use. */
export function youtubePlaylists(create?: () => Promise<PlaylistClient>): (listId: string) => Promise<string[]> {
  let client: Promise<PlaylistClient> | undefined
  const make =
    create ??
    (async () => {
      const { Innertube } = await import('youtubei.js')
      return (await Innertube.create({ retrieve_player: false })) as unknown as PlaylistClient
    })
  return async (listId) => {
    client ??= make().catch((e) => {
      client = undefined
      throw new AppError('NETWORK', 'could not reach YouTube to read the playlist', { cause: e })
    })
    return expandPlaylist(await client, listId)
  }
}
