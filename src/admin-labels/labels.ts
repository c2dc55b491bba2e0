/**
 * What the Content Manager calls our fields, in English and French, and the help staff see under
 * a field. One file read by both sides: the server's bootstrap stores the English texts in the
 * Content Manager's configuration (src/bootstrap/admin-layout.ts); the admin panel turns the French
 * ones into translations (src/admin/app.tsx).
 */

/** The texts of one field: its label, and a help text where staff need one. */
export interface FieldTexts {
  en: string;
  fr: string;
  helpEn?: string;
  helpFr?: string;
}

/** The Content Manager keeps content types and components under separate services and message ids. */
export type ModelKind = 'content-types' | 'components';

export interface ModelTexts {
  kind: ModelKind;
  fields: Record<string, FieldTexts>;
}

const slug: FieldTexts = {
  en: 'Web address',
  fr: 'Adresse web',
  helpEn: 'The end of the page’s address, made from the title. Change it before publishing only: links to the old address stop working.',
  helpFr: 'La fin de l’adresse de la page, tirée du titre. Ne la changez qu’avant publication : les liens vers l’ancienne adresse ne fonctionneraient plus.',
};
const location: FieldTexts = { en: 'Place', fr: 'Lieu' };
const stories: FieldTexts = { en: 'Stories', fr: 'Articles' };
const country: FieldTexts = {
  en: 'Country',
  fr: 'Pays',
  helpEn: 'Two capital letters, the ISO code: BE, FR, DE.',
  helpFr: 'Deux lettres majuscules, le code ISO : BE, FR, DE.',
};
const durationSeconds: FieldTexts = { en: 'Duration (seconds)', fr: 'Durée (secondes)' };
const width: FieldTexts = { en: 'Width (pixels)', fr: 'Largeur (pixels)' };
const height: FieldTexts = { en: 'Height (pixels)', fr: 'Hauteur (pixels)' };
const sizeBytes: FieldTexts = { en: 'Size (bytes)', fr: 'Taille (octets)' };

export const ADMIN_LABELS = {
  'api::article.article': {
    kind: 'content-types',
    fields: {
      title: { en: 'Title', fr: 'Titre' },
      slug,
      date: {
        en: 'Date of the event',
        fr: 'Date de l’événement',
        helpEn: 'The day the event took place, not the day the story is published.',
        helpFr: 'Le jour où l’événement a eu lieu, pas celui de la publication de l’article.',
      },
      summary: {
        en: 'Summary',
        fr: 'Résumé',
        helpEn: 'Two or three sentences, shown on the story’s card and in lists.',
        helpFr: 'Deux ou trois phrases, affichées sur la carte de l’article et dans les listes.',
      },
      body: { en: 'Text', fr: 'Texte' },
      location,
      people: { en: 'People', fr: 'Personnes' },
      meeting: {
        en: 'Meeting',
        fr: 'Réunion',
        helpEn: 'The event this story covers, if any.',
        helpFr: 'L’événement que couvre cet article, s’il y en a un.',
      },
      videos: { en: 'Videos', fr: 'Vidéos' },
      topics: { en: 'Topics', fr: 'Thèmes' },
      cover: { en: 'Cover image', fr: 'Image de couverture' },
      seo: { en: 'Search and sharing', fr: 'Référencement et partage' },
    },
  },
  'api::person.person': {
    kind: 'content-types',
    fields: {
      fullName: { en: 'Full name', fr: 'Nom complet' },
      slug,
      honorific: {
        en: 'Honorific',
        fr: 'Titre honorifique',
        helpEn: 'Written before the name, such as “H.E.” or “Dr”.',
        helpFr: 'Placé devant le nom, comme « S.E. » ou « Dr ».',
      },
      role: {
        en: 'Position',
        fr: 'Fonction',
        helpEn: 'The position held today, such as “Minister of Foreign Affairs”.',
        helpFr: 'La fonction occupée aujourd’hui, comme « ministre des Affaires étrangères ».',
      },
      organisation: { en: 'Organisation', fr: 'Organisation' },
      countryCode: country,
      portrait: { en: 'Portrait', fr: 'Portrait' },
      biography: { en: 'Biography', fr: 'Biographie' },
      articles: stories,
      meetings: { en: 'Meetings', fr: 'Réunions' },
    },
  },
  'api::meeting.meeting': {
    kind: 'content-types',
    fields: {
      title: { en: 'Title', fr: 'Titre' },
      slug,
      kind: { en: 'Kind of meeting', fr: 'Type de réunion' },
      startsAt: { en: 'Starts', fr: 'Début' },
      endsAt: { en: 'Ends', fr: 'Fin' },
      location,
      host: {
        en: 'Host',
        fr: 'Hôte',
        helpEn: 'Who organises or hosts the meeting.',
        helpFr: 'Qui organise ou accueille la réunion.',
      },
      participants: { en: 'Participants', fr: 'Participants' },
      articles: stories,
    },
  },
  'api::topic.topic': {
    kind: 'content-types',
    fields: {
      name: { en: 'Name', fr: 'Nom' },
      slug,
      description: { en: 'Description', fr: 'Description' },
      articles: stories,
    },
  },
  'api::video-asset.video-asset': {
    kind: 'content-types',
    fields: {
      title: { en: 'Title', fr: 'Titre' },
      slug,
      description: { en: 'Description', fr: 'Description' },
      recordedAt: {
        en: 'Filmed on',
        fr: 'Tourné le',
        helpEn: 'When the footage was filmed.',
        helpFr: 'Quand les images ont été tournées.',
      },
      location: { en: 'Place of filming', fr: 'Lieu de tournage' },
      credit: {
        en: 'Credit',
        fr: 'Crédit',
        helpEn: 'The credit broadcasters must show with the footage, such as “© Northern Council”.',
        helpFr: 'La mention que les diffuseurs doivent afficher avec les images, comme « © Northern Council ».',
      },
      usageTerms: {
        en: 'Terms of use',
        fr: 'Conditions d’utilisation',
        helpEn: 'What broadcasters may do with the footage, and what they may not.',
        helpFr: 'Ce que les diffuseurs peuvent faire des images, et ce qu’ils ne peuvent pas faire.',
      },
      embargoUntil: {
        en: 'Embargo until',
        fr: 'Sous embargo jusqu’au',
        helpEn: 'Until this moment the video cannot be downloaded and must not be broadcast. Leave empty when there is no embargo.',
        helpFr: 'Jusqu’à ce moment, la vidéo ne peut pas être téléchargée ni diffusée. Laissez vide s’il n’y a pas d’embargo.',
      },
      poster: { en: 'Poster image', fr: 'Image d’affiche' },
      shots: {
        en: 'Shot list',
        fr: 'Liste des plans',
        helpEn: 'One line per shot: its timecode and what is seen.',
        helpFr: 'Une ligne par plan : son code temporel et ce que l’on voit.',
      },
      technical: {
        en: 'Technical metadata',
        fr: 'Données techniques',
        helpEn: 'Read from the broadcast master when it is uploaded.',
        helpFr: 'Lues dans le master de diffusion lors de son envoi.',
      },
      renditions: {
        en: 'Files',
        fr: 'Fichiers',
        helpEn: 'The encoded files of this video (broadcast master, web proxies, audio). Filled in by the upload: edit them only to correct a mistake.',
        helpFr: 'Les fichiers encodés de cette vidéo (master de diffusion, versions web, audio). Remplis par l’envoi : ne les modifiez que pour corriger une erreur.',
      },
      articles: stories,
    },
  },
  'shared.location': {
    kind: 'components',
    fields: {
      venue: { en: 'Venue', fr: 'Lieu précis' },
      city: { en: 'City', fr: 'Ville' },
      countryCode: country,
    },
  },
  'shared.seo': {
    kind: 'components',
    fields: {
      metaTitle: {
        en: 'Title for search engines',
        fr: 'Titre pour les moteurs de recherche',
        helpEn: 'Shown in search results and when the page is shared.',
        helpFr: 'Affiché dans les résultats de recherche et quand la page est partagée.',
      },
      metaDescription: { en: 'Description for search engines', fr: 'Description pour les moteurs de recherche' },
      shareImage: { en: 'Image when shared', fr: 'Image de partage' },
    },
  },
  'media.rendition': {
    kind: 'components',
    fields: {
      kind: { en: 'Kind of file', fr: 'Type de fichier' },
      label: { en: 'Label', fr: 'Libellé' },
      container: { en: 'Container', fr: 'Conteneur' },
      codecs: { en: 'Codecs', fr: 'Codecs' },
      width,
      height,
      bitrate: { en: 'Bitrate (kbit/s)', fr: 'Débit (kbit/s)' },
      sizeBytes,
      checksum: { en: 'Checksum', fr: 'Somme de contrôle' },
      file: { en: 'File', fr: 'Fichier' },
      durationSeconds,
      status: {
        en: 'State',
        fr: 'État',
        helpEn: '“failed” means the file could not be read: it is not offered for download.',
        helpFr: '« failed » : le fichier n’a pas pu être lu, il n’est pas proposé au téléchargement.',
      },
      statusReason: { en: 'Reason', fr: 'Motif' },
    },
  },
  'media.shot': {
    kind: 'components',
    fields: {
      timecode: {
        en: 'Timecode',
        fr: 'Code temporel',
        helpEn: 'hh:mm:ss, or hh:mm:ss:ff with the frame.',
        helpFr: 'hh:mm:ss, ou hh:mm:ss:ii avec l’image.',
      },
      description: { en: 'What is seen', fr: 'Ce que l’on voit' },
    },
  },
  'media.technical-metadata': {
    kind: 'components',
    fields: {
      durationSeconds,
      width,
      height,
      frameRate: { en: 'Frame rate (frames per second)', fr: 'Fréquence (images par seconde)' },
      scanType: { en: 'Scan', fr: 'Balayage' },
      videoCodec: { en: 'Video codec', fr: 'Codec vidéo' },
      audioChannels: { en: 'Audio channels', fr: 'Canaux audio' },
      audioSampleRate: { en: 'Audio sample rate (Hz)', fr: 'Échantillonnage audio (Hz)' },
      sizeBytes,
    },
  },
} as const satisfies Record<string, ModelTexts>;

export type LabelledModel = keyof typeof ADMIN_LABELS;

/** The header of the video assets' duration column: their `technical` component, formatted. */
export const DURATION_COLUMN = { en: 'Duration', fr: 'Durée' } as const;

/**
 * Strapi's own texts that lack a translation: the list's draft & publish column (the Content
 * Manager has none in any language, and shows "status"), i18n's column of languages, the unit
 * of the "max. 200 characters" hint under a field, and the preview's panel and page (English in
 * the French admin).
 */
export const STRAPI_TEXTS: Record<string, { en: string; fr: string }> = {
  'content-manager.containers.list.table-headers.status': { en: 'Status', fr: 'Statut' },
  'i18n.list-view.table.header.label': { en: 'Available in', fr: 'Langues' },
  'content-manager.form.Input.hint.character.unit': {
    en: '{maxValue, plural, one { character} other { characters}}',
    fr: '{maxValue, plural, one { caractère} other { caractères}}',
  },
  'content-manager.preview.panel.title': { en: 'Preview', fr: 'Aperçu' },
  'content-manager.preview.panel.button': { en: 'Open preview', fr: 'Ouvrir l’aperçu' },
  'content-manager.preview.panel.button-disabled-tooltip': { en: 'Please save to open the preview', fr: 'Enregistrez pour ouvrir l’aperçu' },
  'content-manager.preview.page-title': { en: '{contentType} preview', fr: 'Aperçu : {contentType}' },
  'content-manager.preview.header.close': { en: 'Close preview', fr: 'Fermer l’aperçu' },
  'content-manager.preview.copy.label': { en: 'Copy preview link', fr: 'Copier le lien de l’aperçu' },
  'content-manager.preview.copy.success': { en: 'Copied preview link', fr: 'Lien de l’aperçu copié' },
  'content-manager.preview.tabs.label': { en: 'Preview status', fr: 'État de l’aperçu' },
  'content-manager.preview.device.select': { en: 'Select device type', fr: 'Choisir le type d’appareil' },
  'content-manager.preview.device.desktop': { en: 'Desktop', fr: 'Ordinateur' },
  'content-manager.preview.device.mobile': { en: 'Mobile', fr: 'Mobile' },
};
