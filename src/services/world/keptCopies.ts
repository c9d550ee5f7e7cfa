/**
 * A process's kept copies of published content, newest last, at most `max` of them (the oldest
 * kept is dropped first). What a copy is checked against before use is the caller's business
 * (./knowledgeBlocks.ts, ./taskSheets.ts).
 */
export class KeptCopies<V> {
  private readonly copies = new Map<number, V>()

  constructor(private readonly max: number) {}

  get(id: number): V | undefined {
    return this.copies.get(id)
  }

  keep(id: number, copy: V): void {
    this.copies.delete(id)
    if (this.copies.size >= this.max) this.copies.delete(this.copies.keys().next().value as number)
    this.copies.set(id, copy)
  }

  clear(): void {
    this.copies.clear()
  }
}
