// Which shard a process is: --shard I/N, or JOB_COMPLETION_INDEX with --shards N or
// SMPP_BENCH_SHARDS (as a Kubernetes Indexed Job sets it); a flag wins; bad values exit 2 naming
// the flag or variable.

import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { configError } from '../helpers/config-error.js'
import { parseShard, resolveShard } from '../../src/run/shard-options.js'
import { captureIo } from '../helpers/capture-io.js'

describe('--shard I/N', () => {
  it('reads shard I (from 0) of N', () => {
    expect(parseShard('0/3')).toEqual({ index: 0, total: 3 })
    expect(parseShard(' 2/3 ')).toEqual({ index: 2, total: 3 })
    expect(parseShard('0/1')).toEqual({ index: 0, total: 1 })
  })

  it('refuses what is not a shard of N, naming --shard', () => {
    for (const bad of ['3/3', '1', '-1/3', 'a/3', '1/0', '1/x', '1/2/3', '1.5/3', '0/1001']) {
      expect(configError(() => parseShard(bad)).message).toMatch(/^--shard: /)
    }
  })
})

describe('resolveShard', () => {
  it('takes the index from JOB_COMPLETION_INDEX and the total from --shards, else SMPP_BENCH_SHARDS', () => {
    expect(resolveShard(undefined, 4, { index: '3' })).toEqual({ index: 3, total: 4 })
    expect(resolveShard(undefined, undefined, { index: '1', total: '2' })).toEqual({ index: 1, total: 2 })
    // The flag wins over the environment.
    expect(resolveShard(undefined, 5, { index: '4', total: '2' })).toEqual({ index: 4, total: 5 })
    expect(resolveShard({ index: 0, total: 3 }, undefined, { index: '2', total: '7' })).toEqual({ index: 0, total: 3 })
  })

  it('is not sharded without a total, even where JOB_COMPLETION_INDEX is set', () => {
    expect(resolveShard(undefined, undefined, {})).toBeUndefined()
    expect(resolveShard(undefined, undefined, { index: '0' })).toBeUndefined()
    expect(resolveShard(undefined, undefined, { total: '' })).toBeUndefined()
  })

  it('names the flag or variable of a bad or missing value', () => {
    expect(configError(() => resolveShard(undefined, 3, {})).message).toMatch(/^--shards: 3 shards, but which one is this\? Give --shard I\/3, or set JOB_COMPLETION_INDEX/)
    expect(configError(() => resolveShard(undefined, undefined, { total: '3' })).message).toMatch(/^SMPP_BENCH_SHARDS: 3 shards, but which one/)
    expect(configError(() => resolveShard(undefined, 3, { index: '3' })).message).toMatch(/^JOB_COMPLETION_INDEX: a shard index must be 0\.\.2 \(got 3\)/)
    expect(configError(() => resolveShard(undefined, 3, { index: 'x' })).message).toMatch(/^JOB_COMPLETION_INDEX: 'x' is not a shard index/)
    expect(configError(() => resolveShard(undefined, undefined, { index: '0', total: 'many' })).message).toMatch(/^SMPP_BENCH_SHARDS: 'many' is not a shard count/)
    expect(configError(() => resolveShard({ index: 0, total: 3 }, 4, {})).message).toBe('--shards: 4 disagrees with --shard 0/3')
  })
})

describe('smpp-bench run with shards', () => {
  const cli = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; err: string }> => {
    const io = captureIo(env)
    const code = await main(['node', 'smpp-bench', ...args], io)
    return { code, err: io.err() }
  }

  it('exits 2 naming the flag or variable', async () => {
    expect(await cli(['--shard', '3/3'])).toEqual({ code: 2, err: 'smpp-bench: --shard: a shard index must be 0..2 (got 3)\n' })
    expect(await cli(['--shards', '0'])).toEqual({ code: 2, err: 'smpp-bench: --shards: a shard count must be 1..1000 (got 0)\n' })
    expect((await cli(['--shards', '2'])).err).toMatch(/^smpp-bench: --shards: 2 shards, but which one is this\?/)
    expect((await cli([], { JOB_COMPLETION_INDEX: '5', SMPP_BENCH_SHARDS: '3' })).err).toMatch(/^smpp-bench: JOB_COMPLETION_INDEX: a shard index must be 0\.\.2 \(got 5\)/)
    expect((await cli(['--shard', '0/2', '--binds', '1'])).err).toMatch(/^smpp-bench: --shard: 1 bind\(s\) over 2 shards/)
    expect((await cli(['--shards', '2'], { JOB_COMPLETION_INDEX: 'x' })).code).toBe(2)
  })
})
