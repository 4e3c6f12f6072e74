/**
 * The join block's labels in the locales the product ships. The block goes to attendees, so it is
 * written in the organizer's language (Office.js `displayLanguage`), not the reader's.
 * Wording follows the Webex clients' own terms where they have one (German "Meeting-Kennnummer",
 * Spanish "Entrar a la reunión", Japanese "ミーティング番号").
 */
import type { JoinBlockStrings } from './join-block-types';

export const JOIN_BLOCK_LOCALES = ['en-US', 'ru-RU', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'] as const;
export type JoinBlockLocale = (typeof JOIN_BLOCK_LOCALES)[number];

export const JOIN_BLOCK_STRINGS: Readonly<Record<JoinBlockLocale, JoinBlockStrings>> = {
  'en-US': {
    locale: 'en-US',
    joinMeeting: 'Join Webex meeting',
    meetingNumber: 'Meeting number',
    password: 'Password',
    numericPassword: 'Numeric password (phones and video systems)',
    joinByVideoSystem: 'Join by video system',
    dialVideoAddress: 'Dial {address}',
    joinByPhone: 'Join by phone',
    accessCode: 'Access code',
    tapToJoin: 'Tap to join from a mobile device (attendees only)',
    host: 'Host',
    toll: 'Toll',
    tollFree: 'Toll free',
    labelSeparator: ': ',
  },
  'ru-RU': {
    locale: 'ru-RU',
    joinMeeting: 'Подключиться к совещанию Webex',
    meetingNumber: 'Номер совещания',
    password: 'Пароль',
    numericPassword: 'Цифровой пароль (для телефонов и видеосистем)',
    joinByVideoSystem: 'Подключение с видеосистемы',
    dialVideoAddress: 'Наберите {address}',
    joinByPhone: 'Подключение по телефону',
    accessCode: 'Код доступа',
    tapToJoin: 'Коснитесь, чтобы подключиться с мобильного устройства (только для участников)',
    host: 'Организатор',
    toll: 'Платный номер',
    tollFree: 'Бесплатный номер',
    labelSeparator: ': ',
  },
  'de-DE': {
    locale: 'de-DE',
    joinMeeting: 'Webex-Meeting beitreten',
    meetingNumber: 'Meeting-Kennnummer',
    password: 'Passwort',
    numericPassword: 'Numerisches Passwort (Telefone und Videosysteme)',
    joinByVideoSystem: 'Über ein Videosystem beitreten',
    dialVideoAddress: '{address} wählen',
    joinByPhone: 'Über Telefon beitreten',
    accessCode: 'Zugriffscode',
    tapToJoin: 'Zum Beitreten von einem Mobilgerät aus tippen (nur Teilnehmer)',
    host: 'Gastgeber',
    toll: 'Gebührenpflichtig',
    tollFree: 'Gebührenfrei',
    labelSeparator: ': ',
  },
  'fr-FR': {
    locale: 'fr-FR',
    joinMeeting: 'Rejoindre la réunion Webex',
    meetingNumber: 'Numéro de la réunion',
    password: 'Mot de passe',
    numericPassword: 'Mot de passe numérique (téléphones et systèmes vidéo)',
    joinByVideoSystem: 'Rejoindre depuis un système vidéo',
    dialVideoAddress: 'Composez le {address}',
    joinByPhone: 'Rejoindre par téléphone',
    accessCode: 'Code d’accès',
    tapToJoin: 'Appuyez pour rejoindre depuis un appareil mobile (participants uniquement)',
    host: 'Organisateur',
    toll: 'Numéro payant',
    tollFree: 'Numéro gratuit',
    // French puts a (non-breaking) space before the colon.
    labelSeparator: '\u00a0: ',
  },
  'es-ES': {
    locale: 'es-ES',
    joinMeeting: 'Entrar a la reunión de Webex',
    meetingNumber: 'Número de reunión',
    password: 'Contraseña',
    numericPassword: 'Contraseña numérica (teléfonos y sistemas de vídeo)',
    joinByVideoSystem: 'Entrar desde un sistema de vídeo',
    dialVideoAddress: 'Marque {address}',
    joinByPhone: 'Entrar por teléfono',
    accessCode: 'Código de acceso',
    tapToJoin: 'Toque para entrar desde un dispositivo móvil (solo asistentes)',
    host: 'Organizador',
    toll: 'Número de pago',
    tollFree: 'Número gratuito',
    labelSeparator: ': ',
  },
  'ja-JP': {
    locale: 'ja-JP',
    joinMeeting: 'Webex ミーティングに参加',
    meetingNumber: 'ミーティング番号',
    password: 'パスワード',
    numericPassword: '数字のパスワード (電話およびビデオ システム用)',
    joinByVideoSystem: 'ビデオ システムから参加',
    dialVideoAddress: '{address} にダイヤル',
    joinByPhone: '電話で参加',
    accessCode: 'アクセス コード',
    tapToJoin: 'モバイル デバイスからタップして参加 (出席者のみ)',
    host: '主催者',
    toll: '有料',
    tollFree: '無料',
    labelSeparator: '：',
  },
};

/** The strings for a BCP 47 tag: exact match, then the same language, then en-US. */
export function joinBlockStringsFor(locale: string | undefined): JoinBlockStrings {
  const wanted = (locale ?? '').trim().toLowerCase().replace('_', '-');
  const exact = JOIN_BLOCK_LOCALES.find((l) => l.toLowerCase() === wanted);
  if (exact !== undefined) return JOIN_BLOCK_STRINGS[exact];
  const language = wanted.split('-')[0];
  const sameLanguage = JOIN_BLOCK_LOCALES.find((l) => l.toLowerCase().split('-')[0] === language);
  return JOIN_BLOCK_STRINGS[sameLanguage ?? 'en-US'];
}
