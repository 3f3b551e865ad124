/** Every sentence the tab's API says to people, in Swedish, in one place. */
export const TX = {
  // sign-in
  signInRequired: 'Du behöver logga in för att använda fliken.',
  tokenInvalid: 'Inloggningen kunde inte verifieras. Logga in igen.',
  tokenExpired: 'Inloggningen har gått ut. Logga in igen.',
  signInNotConfigured: 'Inloggningen till fliken är inte konfigurerad (AAD_CLIENT_ID och AAD_TENANT_ID saknas). Kontakta administratören.',
  devUserRefused: 'X-Dev-User används bara lokalt utan Microsoft Entra-inställningar. Logga in med Teams i stället.',
  devUserUnknown: 'Den valda demoanvändaren finns inte i deltagarlistorna.',
  notInRoster: 'Ditt konto finns inte med i någon deltagarlista i Samverkan. Be en sekreterare lägga till dig.',
  devOnly: 'Demoanvändare finns bara i lokalt läge.',

  // permissions
  readOnlyMembers: (body: string) => `Bara ledamöter och sekreterare i ${body} kan läsa gruppens möten och protokoll.`,
  onlySecretary: (body: string) => `Bara sekreteraren för ${body} kan göra det här.`,
  onlySecretaryAny: 'Bara en sekreterare kan läsa in deltagarlistor och möten.',
  forbidden: 'Du har inte behörighet att göra det här.',
  cannotSignAs: (role: string) => `Du undertecknar inte protokollet som ${role}.`,

  // resources
  notFound: 'Resursen finns inte.',
  meetingNotFound: (key: string) => `Mötet "${key}" finns inte.`,
  caseNotFound: (key: string) => `Ärendet "${key}" finns inte.`,
  bodyNotFound: (key: string) => `Gruppen "${key}" finns inte.`,
  itemNotFound: (n: number) => `Punkt ${n} finns inte på föredragningslistan.`,

  // requests
  invalid: 'Begäran innehåller fel.',
  invalidJson: 'Begäran innehåller ogiltig JSON.',
  tooLarge: (mb: number) => `Begäran är för stor (högst ${mb} MB).`,
  ifMatchRequired: 'Ändringen behöver If-Match med den version (etag) du utgick från. Ladda om och försök igen.',
  staleEtag: 'Någon annan har ändrat det här sedan du läste det. Ladda om och försök igen.',
  conflict: 'Ändringen krockar med en annan ändring. Ladda om och försök igen.',
  textConflict: (who: string | null) =>
    who
      ? `${who} har ändrat texten sedan du började. Din text är inte sparad: jämför med den sparade texten och spara igen.`
      : 'Någon annan har ändrat texten sedan du började. Din text är inte sparad: jämför med den sparade texten och spara igen.',
  internal: 'Något gick fel i servern. Försök igen om en stund.',

  // import
  importNoFiles: 'Välj en .json-fil eller en eller flera .csv-filer.',
  importMixed: 'Läs in antingen en .json-fil eller en eller flera .csv-filer, inte båda samtidigt.',
  importOneJson: 'Läs in en .json-fil i taget.',
  importUnknownType: (name: string) => `"${name}": okänd filtyp; välj en .json-fil eller .csv-filer.`,
  importNotJson: (name: string, detail: string) => `${name} är inte giltig JSON: ${detail}`,
  importNotUtf8: (name: string) => `${name} är inte sparad som UTF-8.`,
  base64Invalid: 'Filens innehåll ska vara base64-kodat.',

  // query
  yearInvalid: 'Ange ett årtal med fyra siffror.',
  keyInvalid: 'Ogiltig nyckel.',
} as const;
