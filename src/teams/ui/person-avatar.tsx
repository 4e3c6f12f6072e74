/**
 * A person's avatar: their directory photo when they have one (fetched once per user and tab,
 * through the backend, since an <img> cannot send the SSO token), their initials meanwhile and
 * otherwise.
 */
import { Avatar } from '@fluentui/react-components';
import { createContext, useContext, useEffect, useState } from 'react';

export interface PhotoSource {
  /** An object URL of the user's photo, or undefined when they have none. */
  photoUrl(userId: string): Promise<string | undefined>;
}

export const PhotoContext = createContext<PhotoSource | undefined>(undefined);

/** Remembers each user's photo (or its absence) for the life of the tab. */
export function photoCache(load: (userId: string) => Promise<Blob | undefined>): PhotoSource {
  const cache = new Map<string, Promise<string | undefined>>();
  return {
    photoUrl(userId) {
      let pending = cache.get(userId);
      if (!pending) {
        pending = load(userId).then(
          (blob) => (blob ? URL.createObjectURL(blob) : undefined),
          // A photo is decoration: a failure shows the initials.
          () => undefined,
        );
        cache.set(userId, pending);
      }
      return pending;
    },
  };
}

export interface PersonAvatarProps {
  name: string;
  userId?: string;
  size?: 24 | 32 | 40;
}

export function PersonAvatar({ name, userId, size = 32 }: PersonAvatarProps) {
  const photos = useContext(PhotoContext);
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    if (userId && photos) void photos.photoUrl(userId).then((u) => alive && setUrl(u));
    return () => {
      alive = false;
    };
  }, [userId, photos]);
  return <Avatar name={name} size={size} image={url ? { src: url, alt: '' } : undefined} color="colorful" aria-hidden />;
}
