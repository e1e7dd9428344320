// Every manifest in deploy/kubernetes validated offline against the Kubernetes API schemas
// (kubernetes-models ships them; no cluster), and what a distributed run depends on: an Indexed Job
// with completions = parallelism = SMPP_BENCH_SHARDS, the password from a Secret, the run from a
// ConfigMap, one --start-at for all pods, the results on a shared volume the merge reads.

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim'
import { Secret } from 'kubernetes-models/v1/Secret'
import { Job } from 'kubernetes-models/batch/v1/Job'
import type { IJob } from 'kubernetes-models/batch/v1/Job'

const dir = fileURLToPath(new URL('../../deploy/kubernetes/', import.meta.url))
type Doc = { apiVersion: string; kind: string; metadata: { name: string } } & Record<string, unknown>
const docs: Array<{ file: string; doc: Doc }> = readdirSync(dir).filter((f) => f.endsWith('.yaml')).flatMap((file) =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => {
    expect(d.errors, file).toEqual([])
    return { file, doc: d.toJS() as Doc }
  }))

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap, 'v1/Secret': Secret, 'v1/PersistentVolumeClaim': PersistentVolumeClaim, 'batch/v1/Job': Job,
}

describe('deploy/kubernetes', () => {
  it('every manifest is valid against the Kubernetes schema of its kind', () => {
    expect(docs.length).toBeGreaterThanOrEqual(5)
    for (const { file, doc } of docs) {
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`]
      expect(Model, `${file}: ${doc.apiVersion} ${doc.kind}`).toBeDefined()
      expect(() => new Model!(doc as never).validate(), `${file}: ${doc.kind} ${doc.metadata.name}`).not.toThrow()
    }
  })

  it('the validation can fail: a Job with completions not a number is refused', () => {
    const job = structuredClone(docs.find((d) => d.doc.kind === 'Job')!.doc) as unknown as IJob
    ;(job.spec as unknown as Record<string, unknown>)['completions'] = 'three'
    expect(() => new Job(job).validate()).toThrow(/completions must be integer/)
  })

  const byName = (name: string): Doc => docs.find((d) => d.doc.metadata.name === name)!.doc
  const shards = byName('smpp-bench-shards') as unknown as IJob
  const container = shards.spec!.template.spec!.containers[0]!
  const env = new Map((container.env ?? []).map((e) => [e.name, e]))
  const args = container.args ?? []

  it('the shards: an Indexed Job, completions = parallelism = SMPP_BENCH_SHARDS, not retried', () => {
    expect(shards.spec).toMatchObject({ completionMode: 'Indexed', backoffLimit: 0 })
    expect(shards.spec!.completions).toBe(shards.spec!.parallelism)
    expect(env.get('SMPP_BENCH_SHARDS')?.value).toBe(String(shards.spec!.completions))
    expect(env.get('JOB_COMPLETION_INDEX')?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']")
  })

  it('the password from a Secret, the run from a ConfigMap, one --start-at for all pods', () => {
    expect(env.get('SMPP_PASSWORD')?.valueFrom?.secretKeyRef).toMatchObject({ name: 'smpp-bench-password', key: 'SMPP_PASSWORD' })
    expect(args.join(' ')).not.toMatch(/password/i)
    expect(env.get('START_AT')?.valueFrom?.configMapKeyRef).toMatchObject({ name: 'smpp-bench-start', key: 'START_AT' })
    expect(args).toContain('--start-at=$(START_AT)')
    expect(container.envFrom?.[0]?.configMapRef?.name).toBe('smpp-bench-run')
    const run = byName('smpp-bench-run') as unknown as { data: Record<string, string> }
    // Every $(VAR) of the args is defined in the container's env or the ConfigMap.
    for (const [, name] of args.join(' ').matchAll(/\$\(([A-Z_]+)\)/g)) expect(env.has(name!) || name! in run.data, name).toBe(true)
  })

  it('each shard writes its result to the shared volume, and the merge reads every one of them', () => {
    expect(args).toContain('--json=/results/shard-$(JOB_COMPLETION_INDEX).json')
    const merge = byName('smpp-bench-merge') as unknown as IJob
    const margs = merge.spec!.template.spec!.containers[0]!.args ?? []
    expect(margs[0]).toBe('merge')
    const n = shards.spec!.completions!
    for (let i = 0; i < n; i++) expect(margs).toContain(`/results/shard-${i}.json`)
    for (const job of [shards, merge]) expect(job.spec!.template.spec!.volumes?.[0]?.persistentVolumeClaim?.claimName).toBe('smpp-bench-results')
  })
})

describe('deploy/docker/Dockerfile', () => {
  const text = readFileSync(new URL('../../deploy/docker/Dockerfile', import.meta.url), 'utf8')
  it('builds on node:20-slim and ships only the production dependencies', () => {
    expect(text).toMatch(/^FROM node:20-slim AS build$/m)
    expect(text).toMatch(/^RUN npm run build$/m)
    expect(text).toMatch(/^RUN npm ci --omit=dev/m)
    expect(text).toMatch(/^ENTRYPOINT \["node", "\/app\/bin\/smpp-bench\.js"\]$/m)
  })
})
