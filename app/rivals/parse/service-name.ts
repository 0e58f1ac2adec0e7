/** A foreign name (a pm2 app, a unit, a plist label) made into an Upkeep service name. */
export function suggestedName(raw: string): string {
  const name = raw
    .toLowerCase()
    .replace(/\.(service|plist)$/, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return name === '' ? 'imported' : name;
}
