// Admin → Aviseringar: the channels, their test sends, the rules and staff's contact details;
// a recipient's contact details and consent; per visit, what went out.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { AuditLog } from '../audit/log.ts';
import type { NoticeChannels } from './channels.ts';
import type { Contacts } from './contacts.ts';
import type { NoticeService } from './service.ts';
import { testTexts } from './templates.ts';

export function noticeHandlers(
  channels: NoticeChannels,
  notices: NoticeService,
  contacts: Contacts,
  audit: AuditLog,
): AreaHandlers<
  | 'recipients.contact.get'
  | 'recipients.contact.save'
  | 'notices.staff.list'
  | 'notices.staff.save'
  | 'notices.channels.get'
  | 'notices.smtp.save'
  | 'notices.sms.save'
  | 'notices.smtp.test'
  | 'notices.sms.test'
  | 'notices.rules.get'
  | 'notices.rules.save'
  | 'notices.preview'
  | 'notices.forPlan'
> {
  return {
    'recipients.contact.get': (input, ctx) => contacts.recipient(callerOf(ctx), input.id),
    'recipients.contact.save': (input, ctx) => contacts.saveRecipient(callerOf(ctx), input),
    'notices.staff.list': () => contacts.staff(),
    'notices.staff.save': (input, ctx) => contacts.saveStaff(callerOf(ctx), input),
    'notices.channels.get': () => channels.view(),
    'notices.smtp.save': (input, ctx) => {
      channels.saveSmtp(input);
      // What changed, never a secret's value: only that one was replaced.
      audit.record(callerOf(ctx), 'notices.smtp.save', input.host, {
        port: input.port,
        security: input.security,
        authType: input.authType,
        secretReplaced: input.password !== undefined || input.clientSecret !== undefined,
      });
      return channels.view();
    },
    'notices.sms.save': (input, ctx) => {
      channels.saveSms(input);
      audit.record(callerOf(ctx), 'notices.sms.save', input.provider, {
        sender: input.sender.trim(),
        country: input.country,
        secretReplaced: input.password !== undefined,
      });
      return channels.view();
    },
    'notices.smtp.test': async (input, ctx) => {
      const user = callerOf(ctx);
      const texts = testTexts[user.language];
      const sent = await channels.testEmail(input.to, { subject: texts.subject, body: texts.body });
      return ctx.commit(() => {
        audit.record(user, 'notices.test', 'email', {});
        return sent;
      });
    },
    'notices.sms.test': async (input, ctx) => {
      const user = callerOf(ctx);
      const sent = await channels.testSms(input.to, testTexts[user.language].sms);
      return ctx.commit(() => {
        audit.record(user, 'notices.test', 'sms', {});
        return sent;
      });
    },
    'notices.rules.get': () => notices.rules(),
    'notices.rules.save': (input, ctx) => {
      const saved = notices.saveRules(input);
      const on = Object.entries(saved)
        .filter(([, r]) => r.enabled)
        .map(([k]) => k)
        .join(', ');
      audit.record(callerOf(ctx), 'notices.rules.save', null, { enabled: on || '-' });
      return saved;
    },
    'notices.preview': (input) => notices.preview(input),
    'notices.forPlan': (input) => notices.forPlan(input.planId),
  };
}
