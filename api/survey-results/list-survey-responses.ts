import { editedAt } from './edited-at';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import type { Span } from './periods';
import { describeFurtherAnswers } from './answer-text';
import { requireSurvey } from './require-survey';
import type { ResponseFilters, ResponseListQuery, SurveyResponse } from './schemas';
import { scoreBand } from './score-bands';
import {
	listAllResponses,
	listResponses,
	type ResponseQuery,
	type ResponseRow,
	type SurveyRow
} from './store';

/** One page of a survey's answers, newest first unless sorted otherwise, with the total. */
export async function listSurveyResponses({
	deps,
	id,
	query
}: {
	deps: Deps;
	id: string;
	query: ResponseListQuery;
}) {
	const survey = await requireSurvey(deps.db, id);
	const { rows, total } = await listResponses(deps.db, survey.id, toResponseQuery(survey, query), {
		offset: (query.page - 1) * query.pageSize,
		limit: query.pageSize
	});
	return {
		items: rows.map((row) => toSurveyResponse(survey, row)),
		total,
		page: query.page,
		pageSize: query.pageSize
	};
}

/** Every answer matching the filters, oldest to newest as sorted, for the CSV export. */
export async function listEveryResponse({
	deps,
	id,
	filters
}: {
	deps: Deps;
	id: string;
	filters: ResponseFilters;
}) {
	const survey = await requireSurvey(deps.db, id);
	const rows = await listAllResponses(deps.db, survey.id, toResponseQuery(survey, filters));
	return { survey, responses: rows.map((row) => toSurveyResponse(survey, row)) };
}

function toResponseQuery(survey: SurveyRow, filters: ResponseFilters): ResponseQuery {
	return {
		kind: survey.kind,
		group: filters.group,
		hasComment: filters.hasComment,
		q: filters.q || undefined,
		span: answeredSpan(filters),
		sort: filters.sort
	};
}

/** `from` and `to` as a half-open span: a bare date covers its whole day (UTC). */
function answeredSpan(filters: Pick<ResponseFilters, 'from' | 'to'>): Span {
	const start = (value: string) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
	const end = (value: string) =>
		value.length === 10 ? new Date(start(value).getTime() + 24 * 60 * 60 * 1000) : start(value);
	const span = {
		from: filters.from ? start(filters.from) : null,
		to: filters.to ? end(filters.to) : null
	};
	if (span.from && span.to && span.from >= span.to) {
		const message = 'The end must be on or after the start.';
		throw new AppError('validation_failed', message, { to: [message] });
	}
	return span;
}

function toSurveyResponse(survey: SurveyRow, row: ResponseRow): SurveyResponse {
	return {
		id: row.id,
		contact: { id: row.contactId, name: row.contactName, email: row.contactEmail },
		account: { id: row.accountId, name: row.accountName },
		score: row.score,
		band: scoreBand(survey.kind, row.score),
		comment: row.comment?.trim() ? row.comment : null,
		answers: row.answers,
		further: describeFurtherAnswers(survey.definition.questions, row.answers),
		locale: row.locale,
		answeredAt: row.createdAt.toISOString(),
		editedAt: editedAt(row)
	};
}
