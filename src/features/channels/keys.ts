// The channels feature's query keys, under ['w', wid, 'channels'] (src/lib/query-keys.ts): the list and one channel.
import { workspaceKeyFactory } from '@/lib/query-keys';

export const channelKeys = workspaceKeyFactory('channels');
