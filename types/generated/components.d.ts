import type { Schema, Struct } from '@strapi/strapi';

export interface MediaRendition extends Struct.ComponentSchema {
  collectionName: 'components_media_renditions';
  info: {
    description: 'One encoded file of a video: broadcast master, web proxy, audio';
    displayName: 'Rendition';
    icon: 'layer';
  };
  attributes: {
    bitrate: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          min: 0;
        },
        number
      >;
    checksum: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 100;
      }>;
    codecs: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 120;
      }>;
    container: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 20;
      }>;
    durationSeconds: Schema.Attribute.Decimal &
      Schema.Attribute.SetMinMax<
        {
          min: 0;
        },
        number
      >;
    file: Schema.Attribute.Media<'videos' | 'audios' | 'files'>;
    height: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          min: 1;
        },
        number
      >;
    kind: Schema.Attribute.Enumeration<
      ['broadcast-master', 'web-proxy', 'audio']
    > &
      Schema.Attribute.Required;
    label: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 120;
      }>;
    sizeBytes: Schema.Attribute.BigInteger;
    status: Schema.Attribute.Enumeration<['processing', 'ready', 'failed']>;
    statusReason: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 500;
      }>;
    storageKey: Schema.Attribute.String &
      Schema.Attribute.Private &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 500;
      }>;
    width: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          min: 1;
        },
        number
      >;
  };
}

export interface MediaShot extends Struct.ComponentSchema {
  collectionName: 'components_media_shots';
  info: {
    description: 'One line of a shot list: timecode and what is seen';
    displayName: 'Shot';
    icon: 'play';
  };
  attributes: {
    description: Schema.Attribute.Text & Schema.Attribute.Required;
    timecode: Schema.Attribute.String & Schema.Attribute.Required;
  };
}

export interface MediaTechnicalMetadata extends Struct.ComponentSchema {
  collectionName: 'components_media_technical_metadata';
  info: {
    description: 'Technical facts of the broadcast master';
    displayName: 'Technical metadata';
    icon: 'cog';
  };
  attributes: {
    audioChannels: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          min: 0;
        },
        number
      >;
    audioSampleRate: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          min: 0;
        },
        number
      >;
    durationSeconds: Schema.Attribute.Decimal &
      Schema.Attribute.SetMinMax<
        {
          min: 0;
        },
        number
      >;
    frameRate: Schema.Attribute.Decimal &
      Schema.Attribute.SetMinMax<
        {
          min: 0;
        },
        number
      >;
    height: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          min: 1;
        },
        number
      >;
    scanType: Schema.Attribute.Enumeration<['progressive', 'interlaced']>;
    sizeBytes: Schema.Attribute.BigInteger;
    videoCodec: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
    width: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          min: 1;
        },
        number
      >;
  };
}

export interface SharedLocation extends Struct.ComponentSchema {
  collectionName: 'components_shared_locations';
  info: {
    description: 'Where something happened: venue, city, country';
    displayName: 'Location';
    icon: 'pinMap';
  };
  attributes: {
    city: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 120;
      }>;
    countryCode: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 2;
        minLength: 2;
      }>;
    venue: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
  };
}

export interface SharedSeo extends Struct.ComponentSchema {
  collectionName: 'components_shared_seos';
  info: {
    description: 'Search and social sharing metadata';
    displayName: 'SEO';
    icon: 'search';
  };
  attributes: {
    metaDescription: Schema.Attribute.Text &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
    metaTitle: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 70;
      }>;
    shareImage: Schema.Attribute.Media<'images'>;
  };
}

declare module '@strapi/strapi' {
  export namespace Public {
    export interface ComponentSchemas {
      'media.rendition': MediaRendition;
      'media.shot': MediaShot;
      'media.technical-metadata': MediaTechnicalMetadata;
      'shared.location': SharedLocation;
      'shared.seo': SharedSeo;
    }
  }
}
