/** The panel JSON API's types: the server's own (calls go through request.ts). */

export type {
  CreateServerBody,
  DeleteServerBody,
  Me,
  PanelMessage,
  PanelRefusal,
  PasswordReset,
  PurchaseResult,
  RedeemBody,
  RedeemResult,
  Resource,
  ServerChanged,
  ServerSize,
  ServerView,
  ShopBody,
} from '../../../src/hosting/wire.js';
