/**
 * A POST through XMLHttpRequest, because fetch cannot report upload progress.
 * Same origin, so the session cookie travels with it.
 */
export type UploadRequest = {
	url: string;
	body: Blob | string;
	contentType: string;
	/** Bytes sent so far, of `total`. */
	onProgress?: (sent: number, total: number) => void;
	/** The body has been sent; the server is working on it. */
	onSent?: () => void;
};

export type UploadResponse = { status: number; json: unknown };

export function postWithProgress(request: UploadRequest): {
	response: Promise<UploadResponse>;
	abort: () => void;
} {
	const xhr = new XMLHttpRequest();
	const response = new Promise<UploadResponse>((resolve, reject) => {
		xhr.open('POST', request.url);
		xhr.setRequestHeader('content-type', request.contentType);
		xhr.setRequestHeader('accept', 'application/json');
		xhr.upload.onprogress = (event) => {
			if (event.lengthComputable) request.onProgress?.(event.loaded, event.total);
		};
		xhr.upload.onload = () => request.onSent?.();
		xhr.onload = () => {
			let json: unknown = null;
			try {
				json = JSON.parse(xhr.responseText);
			} catch {
				json = null;
			}
			resolve({ status: xhr.status, json });
		};
		xhr.onerror = () =>
			reject(new Error('The connection to Closeloop failed. Check your network and try again.'));
		xhr.onabort = () => reject(new DOMException('Replaced by a newer request.', 'AbortError'));
		xhr.send(request.body);
	});
	return { response, abort: () => xhr.abort() };
}
