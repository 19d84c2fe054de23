import type { NewBook } from './catalog-admin'

const HEADER = 'isbn,title,author,genre,price_cents,stock'

/** Parses the supplier's catalogue export: a header line, then one book per line; quotes allowed. */
export function parseBookCsv(csv: string): NewBook[] {
  const [header, ...lines] = csv.trim().split(/\r?\n/)
  if (header !== HEADER) throw new Error(`Unexpected CSV header: ${header}`)
  return lines.map((line, index) => {
    const fields = [...line.matchAll(/("([^"]*(?:""[^"]*)*)"|[^,]*)(,|$)/g)]
      .slice(0, 6)
      .map((match) => (match[2] !== undefined ? match[2].replaceAll('""', '"') : match[1]!))
    const [isbn, title, author, genre, price, stock] = fields
    if (!isbn || !title || !author || !genre || !price) throw new Error(`Incomplete CSV line ${index + 2}`)
    return { isbn, title, author, genre, priceCents: Number(price), stock: Number(stock ?? 0) }
  })
}
