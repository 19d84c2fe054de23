/** A header cell whose button sorts its table (see the report script); numbers sort largest first. */
export function sortableHeader(label: string, type: 'text' | 'number' = 'text'): string {
  return `<th${type === 'number' ? ' class="num" data-type="number"' : ''}><button type="button">${label}</button></th>`
}
