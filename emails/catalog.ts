import type { z } from 'zod';
import type { Brand, RenderedEmail } from './render';
import * as caseReceived from './templates/case-received';
import * as caseReply from './templates/case-reply';
import * as caseResolved from './templates/case-resolved';
import * as caseStaffAlert from './templates/case-staff-alert';
import * as staffWelcome from './templates/staff-welcome';
import * as surveyInvitation from './templates/survey-invitation';
import * as youSaidWeDid from './templates/you-said-we-did';
import * as weeklyDigest from './templates/weekly-digest';

type TemplateEntry<Props> = {
	props: z.ZodType<Props>;
	render(props: Props, brand: Brand): RenderedEmail;
	preview: { props: Props; brand: Brand };
};

/**
 * Every template by the name stored in `outbox.template`, with its props
 * schema and preview fixture: the one list tests and previews walk, so a new
 * template cannot ship without a fixture.
 */
export const emailTemplates = {
	'staff-welcome': {
		props: staffWelcome.StaffWelcomeProps,
		render: staffWelcome.renderStaffWelcome,
		preview: staffWelcome.preview
	} satisfies TemplateEntry<staffWelcome.StaffWelcomeProps>,
	'survey-invitation': {
		props: surveyInvitation.SurveyInvitationProps,
		render: surveyInvitation.renderSurveyInvitation,
		preview: surveyInvitation.preview
	} satisfies TemplateEntry<surveyInvitation.SurveyInvitationProps>,
	'case-received': {
		props: caseReceived.CaseReceivedProps,
		render: caseReceived.renderCaseReceived,
		preview: caseReceived.preview
	} satisfies TemplateEntry<caseReceived.CaseReceivedProps>,
	'case-reply': {
		props: caseReply.CaseReplyProps,
		render: caseReply.renderCaseReply,
		preview: caseReply.preview
	} satisfies TemplateEntry<caseReply.CaseReplyProps>,
	'case-resolved': {
		props: caseResolved.CaseResolvedProps,
		render: caseResolved.renderCaseResolved,
		preview: caseResolved.preview
	} satisfies TemplateEntry<caseResolved.CaseResolvedProps>,
	'case-staff-alert': {
		props: caseStaffAlert.CaseStaffAlertProps,
		render: caseStaffAlert.renderCaseStaffAlert,
		preview: caseStaffAlert.preview
	} satisfies TemplateEntry<caseStaffAlert.CaseStaffAlertProps>,
	'you-said-we-did': {
		props: youSaidWeDid.YouSaidWeDidProps,
		render: youSaidWeDid.renderYouSaidWeDid,
		preview: youSaidWeDid.preview
	} satisfies TemplateEntry<youSaidWeDid.YouSaidWeDidProps>,
	'weekly-digest': {
		props: weeklyDigest.WeeklyDigestProps,
		render: weeklyDigest.renderWeeklyDigest,
		preview: weeklyDigest.preview
	} satisfies TemplateEntry<weeklyDigest.WeeklyDigestProps>
};

export type EmailTemplateName = keyof typeof emailTemplates;

/** Renders a template's preview fixture, e.g. for a test or a design review. */
export function renderPreview(name: EmailTemplateName): RenderedEmail {
	const template: TemplateEntry<any> = emailTemplates[name];
	return template.render(template.props.parse(template.preview.props), template.preview.brand);
}
