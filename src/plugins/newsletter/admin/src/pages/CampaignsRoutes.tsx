import { Route, Routes } from 'react-router-dom';
import CampaignReportPage from './CampaignReportPage';
import CampaignsPage from './CampaignsPage';

/** The campaigns menu link's pages: the list (with the digest), and each campaign's delivery report. */
const CampaignsRoutes = () => (
  <Routes>
    <Route index element={<CampaignsPage />} />
    <Route path=":id/report" element={<CampaignReportPage />} />
  </Routes>
);

export default CampaignsRoutes;
