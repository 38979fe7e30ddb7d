/** A short, URL-safe name made from a situation's name ("Nicaragua → Costa Rica" → "nicaragua-costa-rica"). */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'situation';
}
