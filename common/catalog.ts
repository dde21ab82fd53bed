/**
 * The SendGrid scope catalog: every scope string SendGrid is known to use, the UI permission
 * categories that group them (with the levels each category offers), and the scopes SendGrid
 * sets by itself. Pure data; the permission engine derives everything else from it.
 *
 * Sources: SendGrid's "Create and manage API Keys" page for categories, descriptions and levels;
 * the scope inventory and per-category Read/Full sets compiled in our SendGrid facts notes
 * (Appendix B and §1.3). SendGrid's UI is closed source, so the Read/Full sets are the best
 * public reconstruction, not a published contract.
 */

export type Level = 'none' | 'read' | 'full';
/** What a key's scopes amount to in one category; `custom` when they match no level exactly. */
export type CategoryLevel = Level | 'custom';
export const ACCESS_TYPES = ['full', 'restricted', 'billing'] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

export type CategoryId =
  | 'api_keys'
  | 'alerts'
  | 'category_management'
  | 'email_activity'
  | 'ip_management'
  | 'inbound_parse'
  | 'mail_send'
  | 'mail_settings'
  | 'marketing_campaigns'
  | 'partners'
  | 'security'
  | 'stats'
  | 'subusers'
  | 'suppressions'
  | 'template_engine'
  | 'tracking'
  | 'user_account'
  | 'sender_authentication'
  | 'billing';

export interface Category {
  readonly id: CategoryId;
  readonly name: string;
  readonly description: string;
  /** Sub-items the UI lists under "Includes". */
  readonly includes: readonly string[];
  /** Levels this category offers, always starting with `none`. */
  readonly levels: readonly Level[];
  /** Scopes granted at Read Access; absent where the category offers no Read level. */
  readonly read?: readonly string[];
  /** Scopes granted at Full Access; absent where the category offers no Full level. */
  readonly full?: readonly string[];
  /** Billing is its own access type and never mixes with other scopes. */
  readonly billing?: true;
}

const crud = (prefix: string): string[] =>
  ['create', 'read', 'update', 'delete'].map((verb) => `${prefix}.${verb}`);

export const CATEGORIES: readonly Category[] = [
  {
    id: 'api_keys',
    name: 'API Keys',
    description: 'Allows the API key holder to create and edit existing API keys.',
    includes: [],
    levels: ['none', 'read', 'full'],
    read: ['api_keys.read'],
    full: crud('api_keys'),
  },
  {
    id: 'alerts',
    name: 'Alerts',
    description: 'Allows the API key holder to manage alerts.',
    includes: [],
    levels: ['none', 'read', 'full'],
    read: ['alerts.read'],
    full: crud('alerts'),
  },
  {
    id: 'category_management',
    name: 'Category Management',
    description: 'Allows the API key holder to create and manage categories.',
    includes: [],
    levels: ['none', 'read', 'full'],
    read: ['categories.read'],
    full: crud('categories'),
  },
  {
    id: 'email_activity',
    name: 'Email Activity',
    description:
      'Allows the API key holder to view, filter, and download email activity statistics. ' +
      'This service must be purchased separately.',
    includes: ['Messages'],
    levels: ['none', 'read'],
    read: ['messages.read'],
  },
  {
    id: 'ip_management',
    name: 'IP Management',
    description: 'Allows the API key holder to view, add, or delete IP addresses and IP pools.',
    includes: [],
    levels: ['none', 'read', 'full'],
    read: ['ips.assigned.read', 'ips.read', 'ips.pools.read', 'ips.pools.ips.read', 'ips.warmup.read'],
    full: [
      'ips.assigned.read',
      ...crud('ips'),
      ...crud('ips.pools'),
      ...crud('ips.pools.ips'),
      ...crud('ips.warmup'),
    ],
  },
  {
    id: 'inbound_parse',
    name: 'Inbound Parse',
    description: 'Allows the API key holder to view, create, or delete parse settings.',
    includes: [],
    levels: ['none', 'read', 'full'],
    read: ['user.webhooks.parse.settings.read', 'user.webhooks.parse.stats.read'],
    full: [...crud('user.webhooks.parse.settings'), 'user.webhooks.parse.stats.read'],
  },
  {
    id: 'mail_send',
    name: 'Mail Send',
    description: 'Allows the API key holder to send and schedule email using the SendGrid v3 API.',
    includes: ['Mail Send', 'Scheduled Sends'],
    levels: ['none', 'read', 'full'],
    read: ['mail.batch.read', 'user.scheduled_sends.read'],
    full: ['mail.send', ...crud('mail.batch'), ...crud('user.scheduled_sends')],
  },
  {
    id: 'mail_settings',
    name: 'Mail Settings',
    description: 'Allows the API key holder to view and update all mail settings listed.',
    includes: [
      'Address Whitelist',
      'BCC',
      'Bounce Purge',
      'Event Notification',
      'Footer',
      'Forward Bounce',
      'Forward Spam',
      'Legacy Email Template',
      'Plain Content',
      'Spam Checker',
    ],
    levels: ['none', 'read', 'full'],
    read: [
      'mail_settings.read',
      'mail_settings.address_whitelist.read',
      'mail_settings.bcc.read',
      'mail_settings.bounce_purge.read',
      'mail_settings.footer.read',
      'mail_settings.forward_bounce.read',
      'mail_settings.forward_spam.read',
      'mail_settings.plain_content.read',
      'mail_settings.spam_check.read',
      'mail_settings.template.read',
      'user.webhooks.event.settings.read',
      'user.webhooks.event.test.read',
    ],
    full: [
      'mail_settings.read',
      ...['address_whitelist', 'bcc', 'bounce_purge', 'footer', 'forward_bounce', 'forward_spam']
        .concat(['plain_content', 'spam_check', 'template'])
        .flatMap((s) => [`mail_settings.${s}.read`, `mail_settings.${s}.update`]),
      'user.webhooks.event.settings.read',
      'user.webhooks.event.settings.update',
      'user.webhooks.event.test.create',
      'user.webhooks.event.test.read',
      'user.webhooks.event.test.update',
    ],
  },
  {
    id: 'marketing_campaigns',
    name: 'Marketing Campaigns',
    description: 'Allows the API key holder to view, create, and delete campaigns.',
    includes: [],
    levels: ['none', 'full'],
    full: crud('marketing_campaigns'),
  },
  {
    id: 'partners',
    name: 'Partners',
    description: 'Allows the API key holder to view and edit partner settings.',
    includes: [],
    levels: ['none', 'read', 'full'],
    read: ['partner_settings.read', 'partner_settings.new_relic.read', 'partner_settings.sendwithus.read'],
    full: [
      'partner_settings.read',
      'partner_settings.new_relic.read',
      'partner_settings.new_relic.update',
      'partner_settings.sendwithus.read',
      'partner_settings.sendwithus.update',
    ],
  },
  {
    id: 'security',
    name: 'Security',
    description:
      'Allows the API key holder to view account access activity and manage the list of IP ' +
      'addresses allowed to sign in (IP Access Management).',
    includes: ['IP Access Management'],
    levels: ['none', 'read', 'full'],
    read: ['access_settings.activity.read', 'access_settings.whitelist.read'],
    full: ['access_settings.activity.read', ...crud('access_settings.whitelist')],
  },
  {
    id: 'stats',
    name: 'Stats',
    description: 'Allows the API key holder to view stats according to the filters listed.',
    includes: [
      'Browser Stats',
      'Category Stats',
      'Email Clients and Devices',
      'Geographical',
      'Global Stats',
      'Mailbox Provider Stats',
      'Parse Webhook',
      'Stats Overview',
      'Subuser Stats',
    ],
    // No write stats scopes exist, so Stats offers No and Read only.
    levels: ['none', 'read'],
    read: [
      'stats.read',
      'stats.global.read',
      'browsers.stats.read',
      'categories.stats.read',
      'categories.stats.sums.read',
      'devices.stats.read',
      'clients.stats.read',
      'clients.desktop.stats.read',
      'clients.phone.stats.read',
      'clients.tablet.stats.read',
      'clients.webmail.stats.read',
      'geo.stats.read',
      'mailbox_providers.stats.read',
      'user.webhooks.parse.stats.read',
      'subusers.stats.read',
      'subusers.stats.sums.read',
      'subusers.stats.monthly.read',
    ],
  },
  {
    id: 'subusers',
    name: 'Subusers',
    description: 'Allows the API key holder to view, create, manage, and delete subusers.',
    includes: [],
    levels: ['none', 'read', 'full'],
    read: [
      'subusers.read',
      'subusers.credits.read',
      'subusers.credits.remaining.read',
      'subusers.monitor.read',
      'subusers.reputations.read',
      'subusers.summary.read',
    ],
    full: [
      ...crud('subusers'),
      ...crud('subusers.credits'),
      ...crud('subusers.credits.remaining'),
      ...crud('subusers.monitor'),
      'subusers.reputations.read',
      'subusers.summary.read',
    ],
  },
  {
    id: 'suppressions',
    name: 'Suppressions',
    description: 'Allows the API key holder to view and manage suppressions and unsubscribe groups.',
    includes: ['Suppressions', 'Unsubscribe Groups'],
    levels: ['none', 'read', 'full'],
    read: [
      'suppression.read',
      'suppression.blocks.read',
      'suppression.bounces.read',
      'suppression.invalid_emails.read',
      'suppression.spam_reports.read',
      'suppression.unsubscribes.read',
      'asm.groups.read',
      'asm.groups.suppressions.read',
      'asm.suppressions.global.read',
    ],
    full: [
      ...crud('suppression'),
      ...crud('suppression.blocks'),
      ...crud('suppression.bounces'),
      ...crud('suppression.invalid_emails'),
      ...crud('suppression.spam_reports'),
      ...crud('suppression.unsubscribes'),
      ...crud('asm.groups'),
      ...crud('asm.groups.suppressions'),
      ...crud('asm.suppressions.global'),
    ],
  },
  {
    id: 'template_engine',
    name: 'Template Engine',
    description: 'Allows the API key holder to view and manage transactional templates and their versions.',
    includes: [],
    levels: ['none', 'read', 'full'],
    read: ['templates.read', 'templates.versions.read', 'templates.versions.activate.read'],
    full: [...crud('templates'), ...crud('templates.versions'), ...crud('templates.versions.activate')],
  },
  {
    id: 'tracking',
    name: 'Tracking',
    description: 'Allows the API key holder to view and manage tracking settings.',
    includes: ['Click Tracking', 'Google Analytics', 'Open Tracking', 'Subscription Tracking'],
    levels: ['none', 'read', 'full'],
    read: [
      'tracking_settings.read',
      'tracking_settings.click.read',
      'tracking_settings.google_analytics.read',
      'tracking_settings.open.read',
      'tracking_settings.subscription.read',
    ],
    full: [
      'tracking_settings.read',
      ...['click', 'google_analytics', 'open', 'subscription'].flatMap((s) => [
        `tracking_settings.${s}.read`,
        `tracking_settings.${s}.update`,
      ]),
    ],
  },
  {
    id: 'user_account',
    name: 'User Account',
    description: 'Allows the API key holder to view and update settings.',
    includes: ['User Account', 'Enforced TLS', 'Timezone'],
    levels: ['none', 'read', 'full'],
    read: ['user.settings.enforced_tls.read', 'user.timezone.read'],
    full: [
      'user.settings.enforced_tls.read',
      'user.settings.enforced_tls.update',
      'user.timezone.read',
      'user.timezone.update',
    ],
  },
  {
    id: 'sender_authentication',
    name: 'Sender Authentication',
    description:
      'Allows the API key holder to view, edit, and delete authenticated domains, senders, IPs, and links.',
    includes: ['Domain Authentication', 'Link Branding', 'Reverse DNS'],
    levels: ['none', 'read', 'full'],
    read: ['whitelabel.read'],
    full: crud('whitelabel'),
  },
  {
    id: 'billing',
    name: 'Billing',
    description:
      'Allows the API key holder to use billing endpoints. Billing permissions are mutually ' +
      'exclusive from all others: a key has either billing permissions or any other set of permissions.',
    includes: [],
    levels: ['none', 'read', 'full'],
    read: ['billing.read'],
    full: crud('billing'),
    billing: true,
  },
];

/**
 * Scopes that no UI category covers. They stay assignable one by one (SendGrid's own UI cannot,
 * which is a common complaint); `group` only labels them in the advanced scope picker.
 */
const UNCATEGORIZED: Readonly<Record<string, readonly string[]>> = {
  'Credentials': crud('credentials'),
  'Design Library': crud('design_library'),
  'Deliverability Insights': ['di.bounce_block_classification.read'],
  'Email Activity (legacy feed)': ['email_activity.read'],
  'Email Address Validation': ['validations.email.create', 'validations.email.read'],
  'Email Testing': ['email_testing.read', 'email_testing.write'],
  'Mail Settings (API only)': [
    ...['address_whitelist', 'bcc', 'bounce_purge', 'footer', 'forward_bounce', 'forward_spam']
      .concat(['plain_content', 'spam_check', 'template'])
      .flatMap((s) => [`mail_settings.${s}.create`, `mail_settings.${s}.delete`]),
    'user.webhooks.event.settings.create',
    'user.webhooks.event.settings.delete',
    'user.webhooks.event.test.delete',
  ],
  'Marketing': ['marketing.read', 'marketing.automation.read'],
  'Newsletter (legacy)': crud('newsletter'),
  'Partners (API only)': ['new_relic', 'sendwithus'].flatMap((s) => [
    `partner_settings.${s}.create`,
    `partner_settings.${s}.delete`,
  ]),
  'Recipients Data Erasure': ['recipients.erasejob.create', 'recipients.erasejob.read'],
  'Single Sign-On': [...crud('sso.settings'), 'sso.teammates.create', 'sso.teammates.update'],
  'Teammates': crud('teammates'),
  'Tracking (API only)': ['click', 'google_analytics', 'open', 'subscription'].flatMap((s) => [
    `tracking_settings.${s}.create`,
    `tracking_settings.${s}.delete`,
  ]),
  'User Profile and Login': [
    'user.account.read',
    'user.credits.read',
    ...crud('user.email'),
    ...crud('user.multifactor_authentication'),
    ...crud('user.password'),
    ...crud('user.profile'),
    ...crud('user.username'),
    'user.timezone.create',
    'user.timezone.delete',
  ],
};

/**
 * Scopes SendGrid adds to keys on its own (2FA, sender verification, signup state). They show up
 * on imported keys; nobody can grant or remove them.
 */
export const SYSTEM_SCOPES: readonly string[] = [
  '2fa_exempt',
  '2fa_required',
  'sender_verification_eligible',
  'sender_verification_exempt',
  'sender_verification_legacy',
  'signup.trigger_confirmation',
  'ui.confirm_email',
  'ui.provision',
  'ui.signup_complete',
];

export interface ScopeInfo {
  readonly scope: string;
  /** The category name, or an uncategorized group's label. */
  readonly group: string;
  /** The category this scope belongs to, if any (the first one, where a scope sits in two). */
  readonly category?: CategoryId;
  /** False for system scopes, which SendGrid sets itself. */
  readonly assignable: boolean;
}

function buildScopeIndex(): ReadonlyMap<string, ScopeInfo> {
  const index = new Map<string, ScopeInfo>();
  for (const category of CATEGORIES) {
    for (const scope of [...(category.read ?? []), ...(category.full ?? [])]) {
      if (!index.has(scope)) {
        index.set(scope, { scope, group: category.name, category: category.id, assignable: true });
      }
    }
  }
  for (const [group, scopes] of Object.entries(UNCATEGORIZED)) {
    for (const scope of scopes) index.set(scope, { scope, group, assignable: true });
  }
  for (const scope of SYSTEM_SCOPES) index.set(scope, { scope, group: 'Set by SendGrid', assignable: false });
  return index;
}

/** Every known scope, by name. */
export const SCOPE_INDEX: ReadonlyMap<string, ScopeInfo> = buildScopeIndex();

/** Every known scope string, sorted. */
export const ALL_SCOPES: readonly string[] = [...SCOPE_INDEX.keys()].sort();

export const CATEGORY_BY_ID: ReadonlyMap<CategoryId, Category> = new Map(
  CATEGORIES.map((category) => [category.id, category]),
);
